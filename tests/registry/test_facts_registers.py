"""The registers behind claims: employment kept by enterprises and HR, recognitions, chief technicians
and venues kept by HR; audited writes, Chinese errors naming the field, scoping (another enterprise's
row is 404), .xlsx export."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from skillup.accounts.models import AuditEntry
from skillup.core.errors import RuleViolation, StateConflict
from skillup.registry import services_facts as facts
from skillup.registry.models import Employment, Person, Recognition
from tests.factories import id_number_for

pytestmark = pytest.mark.django_db


def test_an_enterprise_adds_a_new_employee_by_identity_number_and_it_is_audited(cast):
    number = id_number_for(7001)
    emp = facts.employment_add(
        actor=cast.enterprise,
        enterprise=cast.enterprise_org,
        id_number=number,
        name="陈新工",
        start="2021-03-01",
    )
    person = Person.objects.get(pk=emp.person_id)
    assert person.employer == cast.enterprise_org and emp.start == dt.date(2021, 3, 1)
    assert emp.source == Employment.Source.ENTERPRISE
    assert AuditEntry.objects.filter(action="employment.start").count() == 1
    with pytest.raises(RuleViolation) as exc:
        facts.employment_add(
            actor=cast.enterprise,
            enterprise=cast.enterprise_org,
            id_number=number,
            name="陈新工",
            start="2021-04-01",
        )
    assert exc.value.errors[0].field == "id_number" and "不能重复登记" in exc.value.errors[0].message


def test_employment_input_errors_name_the_field_and_write_nothing(cast):
    before = Employment.objects.count()
    with pytest.raises(RuleViolation) as exc:
        facts.employment_add(
            actor=cast.enterprise,
            enterprise=cast.enterprise_org,
            id_number="123",
            name="",
            start="2021-03-01",
        )
    assert {e.field for e in exc.value.errors} == {"id_number", "name"}
    with pytest.raises(RuleViolation) as exc:
        facts.employment_start(
            actor=cast.enterprise,
            enterprise=cast.enterprise_org,
            person=cast.other_person,
            start="2031-01-01",
        )
    assert exc.value.errors[0].field == "start"
    with pytest.raises(RuleViolation):
        facts.employment_start(
            actor=cast.enterprise, enterprise=cast.enterprise_org, person=cast.other_person, start="昨天"
        )
    assert Employment.objects.count() == before


def test_an_enterprise_cannot_keep_another_enterprises_staff(cast):
    with pytest.raises(PermissionDenied):
        facts.employment_start(
            actor=cast.enterprise,
            enterprise=cast.other_enterprise_org,
            person=cast.trainee_person,
            start="2021-01-01",
        )


def test_ending_an_employment_moves_the_current_employer(cast):
    emp = cast.trainee_person.employments.get()
    with pytest.raises(RuleViolation):
        facts.employment_end(actor=cast.enterprise, employment=emp, end="2010-01-01")
    facts.employment_end(actor=cast.enterprise, employment=emp, end="2021-06-01")
    cast.trainee_person.refresh_from_db()
    assert cast.trainee_person.employer is None
    with pytest.raises(StateConflict):
        facts.employment_end(actor=cast.enterprise, employment=emp, end="2021-06-02")


def test_recognitions_are_hr_only_dated_and_keep_the_display_flags_derived(cast):
    with pytest.raises(PermissionDenied):
        facts.recognition_add(
            actor=cast.enterprise,
            enterprise=cast.enterprise_org,
            kind="trade_friction",
            valid_from="2020-01-01",
            document="x",
        )
    rec = facts.recognition_add(
        actor=cast.hr,
        enterprise=cast.enterprise_org,
        kind="trade_friction",
        valid_from="2020-01-01",
        document="名单",
    )
    cast.enterprise_org.enterprise.refresh_from_db()
    assert cast.enterprise_org.enterprise.trade_friction is True
    with pytest.raises(RuleViolation) as exc:
        facts.recognition_add(
            actor=cast.hr,
            enterprise=cast.enterprise_org,
            kind="trade_friction",
            valid_from="2021-01-01",
            document="名单",
        )
    assert "重叠" in exc.value.errors[0].message
    facts.recognition_end(actor=cast.hr, recognition=rec, until="2021-01-31")
    cast.enterprise_org.enterprise.refresh_from_db()
    assert cast.enterprise_org.enterprise.trade_friction is False  # business date 2021-06-15
    assert AuditEntry.objects.filter(action__startswith="recognition.").count() == 2


def test_a_difficulty_recognition_needs_its_year_and_premiums(cast):
    with pytest.raises(RuleViolation) as exc:
        facts.recognition_add(
            actor=cast.hr, enterprise=cast.enterprise_org, kind="difficulty", year="", document="x"
        )
    assert exc.value.errors[0].field == "year"
    with pytest.raises(RuleViolation) as exc:
        facts.recognition_add(
            actor=cast.hr,
            enterprise=cast.enterprise_org,
            kind="difficulty",
            year=2021,
            document="",
            ui_premiums_last_year="-1",
        )
    assert {e.field for e in exc.value.errors} >= {"ui_premiums_last_year"}
    rec = facts.recognition_add(
        actor=cast.hr,
        enterprise=cast.enterprise_org,
        kind="difficulty",
        year=2021,
        document="名单",
        ui_premiums_last_year="8,800.5",
    )
    assert (rec.valid_from, rec.valid_until) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert rec.ui_premiums_last_year == Decimal("8800.50")
    cast.enterprise_org.enterprise.refresh_from_db()
    assert cast.enterprise_org.enterprise.ui_premiums_last_year == Decimal("8800.50")


def test_a_chief_technician_must_work_for_the_enterprise(cast):
    with pytest.raises(RuleViolation) as exc:
        facts.chief_file(
            actor=cast.hr,
            enterprise=cast.enterprise_org,
            person=cast.other_person,
            valid_from="2021-01-01",
            document="备案",
        )
    assert exc.value.errors[0].field == "id_number" and "请先登记劳动关系" in exc.value.errors[0].message


def test_a_venue_recognised_as_a_public_base_for_a_period(cast):
    with pytest.raises(RuleViolation) as exc:
        facts.venue_register(actor=cast.hr, name="", address="", base_from="2020-01-01")
    assert {e.field for e in exc.value.errors} == {"name", "address", "base_document"}
    venue = facts.venue_register(
        actor=cast.hr,
        name="上虞区公共实训基地",
        address="人民西路1号",
        base_from="2020-01-01",
        base_document="认定文件",
    )
    facts.venue_base_end(actor=cast.hr, venue=venue, until="2021-03-31")
    venue.refresh_from_db()
    assert venue.is_public_base(dt.date(2021, 3, 31)) and not venue.is_public_base(dt.date(2021, 4, 1))


# --- pages -------------------------------------------------------------------------------------------


def test_enterprise_staff_list_and_add_employees_on_their_page(cast, login):
    client = login(cast.enterprise)
    r = client.post(
        "/registry/employment/add/", {"id_number": id_number_for(7002), "name": "周新", "start": "2021-05-01"}
    )
    assert r.status_code == 302
    page = client.get("/registry/employment/").content.decode()
    assert "周新" in page and "王小明" in page and "李小红" not in page  # the other enterprise's staff
    r = client.post(
        "/registry/employment/add/", {"id_number": "1", "name": "周", "start": "2021-05-01"}, follow=True
    )
    assert "身份证号" in r.content.decode()
    export = client.get("/registry/employment/?export=1")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_another_enterprises_employment_is_404(cast, login):
    other = cast.other_person.employments.get()
    r = login(cast.enterprise).post(f"/registry/employment/{other.pk}/end/", {"end": "2021-06-01"})
    assert r.status_code == 404
    other.refresh_from_db()
    assert other.end is None


def test_hr_registers_qualifications_and_enterprises_see_only_their_own(cast, login):
    hr = login(cast.hr)
    r = hr.post(
        "/registry/qualifications/add/",
        {"tab": "pilot", "enterprise": cast.enterprise_org.code, "year": "2021", "document": "试点名单"},
    )
    assert r.status_code == 302
    hr.post(
        "/registry/qualifications/add/",
        {
            "tab": "pilot",
            "enterprise": cast.other_enterprise_org.code,
            "year": "2020",
            "document": "首批试点",
        },
    )
    assert Recognition.objects.filter(kind="pilot").count() == 2
    page = login(cast.enterprise).get("/registry/qualifications/?tab=pilot").content.decode()
    assert cast.enterprise_org.name in page and cast.other_enterprise_org.name not in page
    assert login(cast.enterprise).post("/registry/qualifications/add/", {"tab": "pilot"}).status_code == 403
    other = Recognition.objects.get(enterprise=cast.other_enterprise_org)
    xlsx = login(cast.hr).get("/registry/qualifications/?tab=pilot&export=1")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    r = login(cast.hr).post(
        f"/registry/qualifications/pilot/{other.pk}/end/", {"until": "2019-01-01"}, follow=True
    )
    assert "截止日期不能早于" in r.content.decode()


def test_venues_page_for_hr_and_institutions(cast, login):
    r = login(cast.hr).post(
        "/registry/venues/add/",
        {
            "name": "上虞区公共实训基地",
            "address": "人民西路1号",
            "base_from": "2020-01-01",
            "base_document": "认定",
        },
    )
    assert r.status_code == 302
    page = login(cast.institution).get("/registry/venues/?base=1").content.decode()
    assert "上虞区公共实训基地" in page
    assert login(cast.institution).post("/registry/venues/add/", {"name": "x"}).status_code == 403
    assert login(cast.trainee).get("/registry/venues/").status_code == 403

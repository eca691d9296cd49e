"""HR's occupation directory (附件2 注2): services, pages, the catalogue every real claim reads."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.directory import services
from skillup.directory.catalogue import current, occupation_problem
from skillup.directory.models import OccupationEntry
from skillup.subsidies.models import Claim
from tests.subsidies.factories import claims_for_class

SOURCE = "人社部 民政部《养老护理员国家职业技能标准（2019年版）》人社厅发〔2019〕92号"


def _add(cast, name="养老护理员", category="C", day=dt.date(2019, 10, 1), **kw):
    return services.occupation_add(
        actor=cast.hr, name=name, category=category, source=SOURCE, source_date=day, **kw
    )


def test_hr_adds_a_new_occupation_with_an_audit_row_and_the_engine_reads_it(cast):
    assert current().category("养老护理员", dt.date(2020, 6, 15)) is None
    entry = _add(cast)
    assert (entry.name, entry.normalised_name, entry.category) == ("养老护理员", "养老护理员", "C")
    audit = AuditEntry.objects.get(action="directory.occupation_add")
    assert audit.object_id == str(entry.pk) and "养老护理员" in audit.summary
    assert audit.changes["category"] == "C"
    assert current().category("养老 护理员", dt.date(2020, 6, 15)) == "C"
    assert current().category("养老护理员", dt.date(2019, 9, 30)) is None  # before the ministry's document


@pytest.mark.parametrize(
    ("name", "category", "field", "words"),
    [
        ("焊 工", "A", "name", "已在附件2 A/B/C 类目录中（A类）"),
        ("化工总控工", "D", "name", "已在国家职业资格目录中（D类）"),
        ("电子产品装调", "D", "name", "专项职业能力项目"),
        ("", "C", "name", "请填写职业（工种）名称"),
        ("新工种甲", "E", "category", "类别应为"),
    ],
)
def test_a_bad_addition_names_the_field_and_writes_nothing(cast, name, category, field, words):
    with pytest.raises(RuleViolation) as raised:
        services.occupation_add(
            actor=cast.hr, name=name, category=category, source=SOURCE, source_date=dt.date(2020, 1, 1)
        )
    assert any(e.field == field and words in e.message for e in raised.value.errors), raised.value.errors
    assert not OccupationEntry.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="directory.").exists()


def test_an_occupation_already_in_the_directory_is_refused_in_either_width(cast):
    _add(cast, name="装配式建筑施工员(混凝土)")
    with pytest.raises(RuleViolation) as raised:
        _add(cast, name="装配式建筑施工员（混凝土）")
    assert raised.value.errors[0].field == "name" and "人社局职业目录" in raised.value.errors[0].message
    assert OccupationEntry.objects.count() == 1


def test_a_source_date_after_today_and_a_missing_source_are_refused(cast):
    with pytest.raises(RuleViolation) as raised:
        services.occupation_add(
            actor=cast.hr, name="新工种乙", category="D", source="", source_date=dt.date(2030, 1, 1)
        )
    assert {e.field for e in raised.value.errors} == {"source", "source_date"}


@pytest.mark.parametrize("who", ["dept", "finance", "auditor", "institution", "enterprise", "trainee"])
def test_only_hr_maintains_the_directory(cast, who):
    with pytest.raises(NotAllowed):
        services.occupation_add(
            actor=getattr(cast, who),
            name="新工种丙",
            category="D",
            source=SOURCE,
            source_date=dt.date(2020, 1, 1),
        )


def test_marking_a_name_replaced_makes_it_unknown_from_that_day(cast):
    _add(cast, name="养老护理员")
    entry = services.occupation_mark_replaced(
        actor=cast.hradmin, name="智能楼宇管理员", replaced_by="养老护理员", replaced_on=dt.date(2021, 3, 1)
    )
    assert entry.catalogue_name and entry.category == "C" and entry.replaced_by == "养老护理员"
    cat = current()
    assert cat.category("智能楼宇管理员", dt.date(2021, 2, 28)) == "C"
    finding = cat.find_occupation("智能楼宇管理员", dt.date(2021, 3, 1))
    assert finding.category is None and "由“养老护理员”取代" in finding.detail
    assert AuditEntry.objects.filter(action="directory.occupation_mark_replaced").count() == 1
    problem = occupation_problem("vocational_certificate", "智能楼宇管理员", dt.date(2021, 6, 15))
    assert "已于 2021-03-01 由“养老护理员”取代" in problem
    with pytest.raises(StateConflict):
        services.occupation_mark_replaced(
            actor=cast.hr, name="智能楼宇管理员", replaced_by="焊工", replaced_on=dt.date(2021, 4, 1)
        )


def test_a_replacement_must_be_known(cast):
    with pytest.raises(RuleViolation) as raised:
        services.occupation_mark_replaced(
            actor=cast.hr, name="焊工", replaced_by="宇宙焊接师", replaced_on=dt.date(2021, 3, 1)
        )
    assert raised.value.errors[0].field == "replaced_by" and "请先登记" in raised.value.errors[0].message
    with pytest.raises(RuleViolation) as raised:
        services.occupation_mark_replaced(
            actor=cast.hr, name="宇宙焊接师", replaced_by="焊工", replaced_on=dt.date(2021, 3, 1)
        )
    assert raised.value.errors[0].field == "name"
    assert not OccupationEntry.objects.exists()


def test_a_real_claim_for_a_directory_occupation_is_paid_at_its_category(cast):
    _add(cast, name="养老护理员", category="C")
    (claim,) = claims_for_class(cast, people=1, occupation="养老护理员", level="高级", hours=100)
    assert claim.status == Claim.Status.CHECKED, claim.basis
    assert claim.amount == Decimal("2500.00")  # C/高级
    assert any("附件2 注2" in b["detail"] and "人社厅发〔2019〕92号" in b["detail"] for b in claim.basis)


def test_a_real_claim_for_a_made_up_occupation_is_refused_unknown(cast):
    (claim,) = claims_for_class(cast, people=1, occupation="宇宙飞船驾驶员", level="技师", hours=100)
    assert claim.status == Claim.Status.REFUSED
    assert "unknown_occupation" in claim.refusals and claim.amount == 0


def test_the_cached_catalogue_follows_every_change(cast):
    first = current()
    assert current() is first  # cached while nothing changes
    _add(cast, name="新工种丁", category="B")
    second = current()
    assert second is not first and second.category("新工种丁", dt.date(2020, 6, 15)) == "B"


# -- pages ------------------------------------------------------------------------------------------


def test_hr_sees_catalogue_and_directory_names_together_with_their_source(cast, login):
    _add(cast, name="养老护理员")
    page = login(cast.hr).get("/directory/", {"q": "护理员"})
    assert page.status_code == 200
    names = [o["name"] for o in page.context["page_obj"]]
    assert names == ["孤残儿童护理员", "养老护理员"]
    assert "人社厅发〔2019〕92号" in page.content.decode()
    by_category = login(cast.hr).get("/directory/", {"category": "A"}).context["page_obj"]
    assert len(by_category.object_list) == 12
    by_source = login(cast.hr).get("/directory/", {"source": "92号"}).context["page_obj"]
    assert [o["name"] for o in by_source] == ["养老护理员"]
    national = login(cast.hr).get("/directory/", {"origin": "national"}).context
    assert national["total"] == 198 - 45


def test_the_export_holds_every_filtered_row(cast, login):
    response = login(cast.hr).get("/directory/", {"category": "C", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    assert len(rows) == 16 and all(r[1] == "C" for r in rows)
    assert rows[0][2] == "附件2 A/B/C 类"


def test_hr_adds_through_the_form_and_a_bad_name_is_shown_on_its_field(cast, login):
    client = login(cast.hr)
    bad = client.post(
        "/directory/add", {"name": "焊工", "category": "A", "source": SOURCE, "source_date": "2020-01-01"}
    )
    assert bad.status_code == 200 and "已在附件2 A/B/C 类目录中" in str(bad.context["form"].errors["name"])
    ok = client.post(
        "/directory/add",
        {"name": "养老护理员", "category": "C", "source": SOURCE, "source_date": "2019-10-01"},
    )
    assert ok.status_code == 302
    assert OccupationEntry.objects.get().category == "C"


def test_hr_marks_a_name_replaced_through_the_form(cast, login):
    client = login(cast.hr)
    assert client.get("/directory/replace", {"name": "宇宙飞船驾驶员"}).status_code == 404
    assert client.get("/directory/replace", {"name": "焊 工"}).status_code == 200
    done = client.post(
        "/directory/replace", {"name": "焊工", "replaced_by": "电工", "replaced_on": "2021-06-01"}
    )
    assert done.status_code == 302
    assert OccupationEntry.objects.get().replaced_by == "电工"


@pytest.mark.parametrize("who", ["dept", "finance", "auditor"])
def test_other_officers_read_but_do_not_maintain(cast, login, who):
    client = login(getattr(cast, who))
    page = client.get("/directory/")
    assert page.status_code == 200 and not page.context["editing"]
    assert "登记新工种" not in page.content.decode()
    assert client.get("/directory/add").status_code == 403
    assert client.post("/directory/replace", {"name": "焊工", "replaced_by": "电工"}).status_code == 403


@pytest.mark.parametrize("who", ["institution", "enterprise", "trainee", "outsider"])
def test_institutions_enterprises_and_trainees_have_no_directory_pages(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get("/directory/").status_code == 403
    assert client.get("/directory/add").status_code == 403


def test_the_api_occupation_look_up_answers_from_the_directory(cast, api_client):
    _add(cast, name="养老护理员")
    found = api_client(cast.institution).get("/api/v1/occupations", data={"q": "养老 护理"}).json()
    assert [(o["name"], o["category"]) for o in found] == [("养老护理员", "C")]


def test_the_directory_list_queries_do_not_grow_with_hr_entries(cast, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = login(cast.hr)
    _add(cast, name="新工种一")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("directory_list")).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(10):
        _add(cast, name=f"新增工种{i}")
    assert count() == few

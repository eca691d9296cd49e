"""Public training bases (issue 15 item 5, 第16条): places and capacity, bookings of practical sessions that
never overfill a place, the uplift reading the bookings, utilisation per month, teacher rotation — through the
services, and the pages per role (another organisation's booking or rotation is 404)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.programmes import bases as usage
from skillup.programmes import services_bases as rotations
from skillup.programmes.models import TeacherRotation
from skillup.registry import services_facts as facts
from skillup.subsidies.services import claims_create_for_class
from skillup.training import selectors_bases
from skillup.training import services as training
from skillup.training import services_bases as booking
from skillup.training.models import BaseBooking, Enrolment, Result, TrainingClass
from tests.factories import PersonFactory
from tests.subsidies.factories import filing_for
from tests.training.helpers import make_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(cast):
    return facts.venue_register(
        actor=cast.hr,
        name="上虞区公共实训基地",
        address="曹娥街道人民西路1号",
        base_from=dt.date(2019, 10, 29),
        base_document="绍兴市公共实训基地认定文件",
    )


@pytest.fixture
def place(cast, base):
    return booking.place_create(actor=cast.hr, venue=base, name="焊接实训室", capacity=5, occupations="焊工")


def _class(cast, institution=None, people=3):
    institution = institution or cast.institution_org
    filing_for(institution, "vocational_certificate", "焊工")
    klass = make_class(
        institution,
        cast.department,
        start=dt.date(2021, 6, 15),
        end=dt.date(2021, 7, 5),
        level="高级",
        hours=100,
    )
    for _ in range(people):
        Enrolment.objects.create(klass=klass, person=PersonFactory(), source=Enrolment.Source.FORM)
    return klass


def _session(actor, klass, day=dt.date(2021, 6, 20), start=(8, 30), end=(17, 0)):
    return training.session_create(
        actor=actor,
        klass=klass,
        date=day,
        starts_at=dt.time(*start),
        ends_at=dt.time(*end),
        hours="8",
        practical=True,
    )


def test_only_hr_keeps_places_and_only_at_a_base(cast, base):
    with pytest.raises(NotAllowed):
        booking.place_create(actor=cast.institution, venue=base, name="x", capacity=5)
    plain = facts.venue_register(actor=cast.hr, name="众鑫学校车间", address="百官街道")
    with pytest.raises(RuleViolation) as exc:
        booking.place_create(actor=cast.hr, venue=plain, name="", capacity="0")
    assert {e.field for e in exc.value.errors} == {"venue", "name", "capacity"}


def test_a_booking_holds_seats_and_moves_the_session_to_the_base(cast, place):
    klass = _class(cast)
    session = _session(cast.institution, klass)
    b = booking.booking_create(actor=cast.institution, session=session, place=place)
    session.refresh_from_db()
    assert b.seats == 3 and session.venue_id == place.venue_id
    with pytest.raises(RuleViolation, match="已有预约"):
        booking.booking_create(actor=cast.institution, session=session, place=place)


def test_a_place_is_never_overbooked_at_the_same_time(cast, place):
    first = _class(cast)
    booking.booking_create(actor=cast.institution, session=_session(cast.institution, first), place=place)
    second = _class(cast, institution=cast.other_institution_org)
    overlapping = _session(cast.other_institution, second, start=(13, 0), end=(15, 0))
    with pytest.raises(RuleViolation, match="剩余工位 2 个，不足 3 个"):
        booking.booking_create(actor=cast.other_institution, session=overlapping, place=place)
    assert BaseBooking.objects.count() == 1
    booking.booking_create(actor=cast.other_institution, session=overlapping, place=place, seats=2)
    evening = _session(cast.other_institution, second, start=(18, 0), end=(20, 0))
    booking.booking_create(actor=cast.other_institution, session=evening, place=place, seats=5)


def test_who_and_when_may_book_and_cancel(cast, place, settings):
    klass = _class(cast)
    session = _session(cast.institution, klass)
    with pytest.raises(NotAllowed):
        booking.booking_create(actor=cast.other_institution, session=session, place=place)
    theory = training.session_create(
        actor=cast.institution,
        klass=klass,
        date=dt.date(2021, 6, 21),
        starts_at=dt.time(8),
        ends_at=dt.time(12),
        hours="4",
    )
    with pytest.raises(StateConflict, match="只有实操课次"):
        booking.booking_create(actor=cast.institution, session=theory, place=place)
    b = booking.booking_create(actor=cast.institution, session=session, place=place)
    with pytest.raises(RuleViolation, match="取消原因"):
        booking.booking_cancel(actor=cast.institution, booking=b, reason="")
    with pytest.raises(NotAllowed):
        booking.booking_cancel(actor=cast.other_institution, booking=b, reason="x")
    settings.SKILLUP_TODAY = "2021-06-20"
    with pytest.raises(NotAllowed, match="当天及以后"):
        booking.booking_cancel(actor=cast.institution, booking=b, reason="改期")
    settings.SKILLUP_TODAY = "2021-06-15"
    booking.booking_cancel(actor=cast.institution, booking=b, reason="改期")
    b.refresh_from_db()
    assert b.status == "cancelled"
    settings.SKILLUP_TODAY = "2021-06-25"
    with pytest.raises(RuleViolation, match="今天及以后"):
        booking.booking_create(actor=cast.institution, session=session, place=place)


def test_the_uplift_reads_the_booking_end_to_end(cast, place, settings):
    klass = _class(cast, people=1)
    session = _session(cast.institution, klass)
    booking.booking_create(actor=cast.institution, session=session, place=place)
    TrainingClass.objects.filter(pk=klass.pk).update(status=TrainingClass.Status.FINISHED)
    enrolment = klass.enrolments.get()
    Result.objects.create(
        enrolment=enrolment,
        passed=True,
        certificate_no="C-BASE-1",
        issuer="绍兴市职业技能鉴定中心",
        occupation="焊工",
        level="高级",
        certified_on=dt.date(2021, 7, 6),
        attended_hours=Decimal("100"),
    )
    settings.SKILLUP_TODAY = "2021-07-10"
    (claim,) = claims_create_for_class(actor=cast.institution, klass=klass)
    assert claim.amount == Decimal("4550.00")
    assert "均在公共实训基地上虞区公共实训基地预约工位进行" in " ".join(b["detail"] for b in claim.basis)


def test_utilisation_is_booked_seat_hours_over_available(cast, place):
    klass = _class(cast)
    booking.booking_create(actor=cast.institution, session=_session(cast.institution, klass), place=place)
    table = usage.utilisation([selectors_bases.base(place.venue_id)], first=dt.date(2021, 5, 1))
    (row,) = table["rows"]
    assert table["months"] == ["2021-05", "2021-06"]
    june = row["cells"][1]
    # 3 seats × 8 hours; available 5 workstations × 8 hours × 22 weekdays of June 2021.
    assert june["seat_hours"] == Decimal("24.0") and june["available"] == Decimal("880")
    assert june["rate"] == Decimal("0.027")
    assert row["cells"][0]["seat_hours"] == Decimal("0.0")


def test_pages_per_role(cast, login, place):
    klass = _class(cast)
    session = _session(cast.institution, klass)
    inst = login(cast.institution)
    page = inst.get(f"/programmes/bases/{place.venue_id}/").content.decode()
    assert "预约实训工位" in page and klass.code in page
    inst.post(f"/programmes/bases/{place.venue_id}/bookings", {"session": session.pk, "place": place.pk})
    b = BaseBooking.objects.get()
    other = login(cast.other_institution)
    page = other.get(f"/programmes/bases/{place.venue_id}/").content.decode()
    assert "已被其他班级预约" in page and klass.code not in page
    assert other.post(f"/programmes/bases/bookings/{b.pk}/cancel", {"reason": "x"}).status_code == 404
    for who in ("hr", "dept", "finance", "auditor"):
        assert login(getattr(cast, who)).get("/programmes/bases/").status_code == 200
    for who in ("trainee", "enterprise"):
        assert login(getattr(cast, who)).get("/programmes/bases/").status_code == 403
    sheet = load_workbook(io.BytesIO(login(cast.hr).get("/programmes/bases/export.xlsx").content)).active
    assert "上虞区公共实训基地" in [c for row in sheet.iter_rows(values_only=True) for c in row]


def test_the_list_page_counts_queries(cast, login, place, django_assert_max_num_queries):
    client = login(cast.hr)
    with django_assert_max_num_queries(12):
        assert client.get("/programmes/bases/").status_code == 200


def _rotation(actor, base, **extra):
    data = {
        "teacher_name": "周老师",
        "direction": "to_base",
        "base": str(base.pk),
        "subject": "焊接实操教学",
        "start_date": "2021-05-10",
        "end_date": "2021-05-21",
        "hours": "80",
    } | extra
    return rotations.rotation_record(actor=actor, data=data)


def test_rotation_life_cycle(cast, base, settings):
    r = _rotation(cast.institution, base)
    assert r.institution == cast.institution_org and r.status == "planned"
    with pytest.raises(NotAllowed):
        rotations.rotation_confirm(actor=cast.institution, rotation=r)
    rotations.rotation_confirm(actor=cast.hr, rotation=r)
    r.refresh_from_db()
    assert r.status == TeacherRotation.Status.COMPLETED
    later = _rotation(cast.institution, base, start_date="2021-07-01", end_date="2021-07-10")
    with pytest.raises(NotAllowed, match="结束后才能确认"):
        rotations.rotation_confirm(actor=cast.hr, rotation=later)
    with pytest.raises(NotAllowed):
        rotations.rotation_cancel(actor=cast.other_institution, rotation=later)
    rotations.rotation_cancel(actor=cast.institution, rotation=later)


def test_rotation_input_is_checked(cast, base):
    with pytest.raises(RuleViolation) as exc:
        rotations.rotation_record(
            actor=cast.institution,
            data={"direction": "to_base", "start_date": "2021-06-10", "end_date": "2021-06-01", "hours": "x"},
        )
    assert {"teacher_name", "subject", "base", "end_date", "hours"} <= {e.field for e in exc.value.errors}
    with pytest.raises(NotAllowed):
        rotations.rotation_record(actor=cast.enterprise, data={})


def test_rotation_pages_are_scoped(cast, login, base):
    r = _rotation(cast.institution, base)
    assert "周老师" in login(cast.institution).get("/programmes/rotations/").content.decode()
    other = login(cast.other_institution)
    assert "周老师" not in other.get("/programmes/rotations/").content.decode()
    assert other.post(f"/programmes/rotations/{r.pk}/cancel").status_code == 404
    response = login(cast.hr).get("/programmes/rotations/?export=1")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "周老师" in [c for row in sheet.iter_rows(values_only=True) for c in row]

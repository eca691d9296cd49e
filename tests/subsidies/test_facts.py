"""Registry facts reach real claims: uplifts (附件2 注1), enterprise preconditions (第3、10、11条) and
employment, each claim built through the services from registry facts, with amount and basis."""

import datetime as dt
from decimal import Decimal

import pytest

from skillup.registry import services_facts as facts
from skillup.registry.facts import employer_on, employers_on
from skillup.subsidies.models import Claim
from skillup.subsidies.review import claims_review_bulk
from skillup.subsidies.services import claim_apply, claims_create_for_class
from skillup.training.models import BaseBooking, BasePlace, Session
from tests.factories import PersonFactory
from tests.subsidies.factories import budget, finished_class

pytestmark = pytest.mark.django_db

S = Claim.Status


def details(claim) -> str:
    return " ".join(b["detail"] for b in claim.basis)


def friction(cast, enterprise, start=dt.date(2020, 3, 1), until=None):
    return facts.recognition_add(
        actor=cast.hr,
        enterprise=enterprise,
        kind="trade_friction",
        valid_from=start,
        valid_until=until,
        document="上虞区受经贸摩擦影响企业名单（第一批）",
    )


def base_venue(cast, start=dt.date(2019, 10, 29)):
    return facts.venue_register(
        actor=cast.hr,
        name="上虞区公共实训基地",
        address="上虞区曹娥街道人民西路1号",
        base_from=start,
        base_document="绍兴市公共实训基地认定文件",
    )


def practical_at(klass, venue, n=2, hours="8.0", first=10, booked=True):
    """Practical sessions of a finished class, held at `venue`; at a public base, each with a confirmed
    booking of a place there (made before the session, as the booking service would), unless
    `booked=False`."""
    place = None
    if booked and venue.base_from is not None:
        place, _ = BasePlace.objects.get_or_create(venue=venue, name="焊接实训室", defaults={"capacity": 40})
    for i in range(n):
        session = Session.objects.create(
            klass=klass,
            date=klass.end_date - dt.timedelta(days=first + i),
            starts_at=dt.time(8, 30),
            ends_at=dt.time(17, 0),
            hours=Decimal(hours),
            venue=venue,
            practical=True,
            secret="x" * 64,
        )
        if place is not None:
            BaseBooking.objects.create(
                place=place,
                session=session,
                date=session.date,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                seats=klass.enrolments.count() or 1,
            )


def welder(cast, person, **kw):
    klass = finished_class(cast, people=[person], occupation="焊工", level="高级", **kw)
    return klass


# --- 0. history carries the real amount ----------------------------------------------------------------


def test_history_items_carry_the_earlier_claims_amount_and_kind(cast):
    from skillup.subsidies.checks import _history

    person = PersonFactory(citizen_card="330600009001", employer=cast.enterprise_org)
    (claim,) = claims_create_for_class(actor=cast.institution, klass=welder(cast, person))
    Claim.objects.filter(pk=claim.pk).update(facts={**claim.facts, "kind": "employee"})
    (earlier,) = _history([claim])[("p", person.pk)]
    assert earlier.item.amount == Decimal("3500.00") and earlier.item.kind == "employee"


# --- 1. uplifts ----------------------------------------------------------------------------------------


def test_an_employee_of_a_trade_friction_firm_is_uplifted_with_the_reason(cast):
    friction(cast, cast.enterprise_org)
    person = PersonFactory(citizen_card="330600009002", employer=cast.enterprise_org)
    (claim,) = claims_create_for_class(actor=cast.institution, klass=welder(cast, person))
    assert claim.status == S.CHECKED and claim.amount == Decimal("4550.00")
    text = details(claim)
    assert f"附件2 注1：学员受雇于{cast.enterprise_org.name}，该企业2020-03-01起被认定受经贸摩擦影响" in text
    assert "经贸摩擦上浮 30% → 4550.00 元" in text


def test_the_same_person_before_the_recognition_date_gets_the_plain_standard(cast):
    friction(cast, cast.enterprise_org)
    person = PersonFactory(citizen_card="330600009003", employer=cast.enterprise_org)
    klass = welder(cast, person, end=dt.date(2020, 2, 10))
    (claim,) = claims_create_for_class(actor=cast.institution, klass=klass)
    assert claim.status == S.CHECKED and claim.amount == Decimal("3500.00")
    assert "该企业在2020-02-10未被认定受经贸摩擦影响" in details(claim)
    assert "uplift" not in claim.facts


def test_the_employer_on_the_claims_date_decides_not_todays(cast):
    friction(cast, cast.other_enterprise_org)
    person = PersonFactory(citizen_card="330600009004", employer=cast.enterprise_org)
    # Left the (unrecognised) firm and joined the trade-friction firm after the certificate.
    ended = person.employments.get()
    facts.employment_end(actor=cast.enterprise, employment=ended, end=dt.date(2021, 5, 31))
    facts.employment_start(
        actor=cast.hr, enterprise=cast.other_enterprise_org, person=person, start="2021-06-01"
    )
    person.refresh_from_db()
    assert person.employer == cast.other_enterprise_org  # the current employer agrees with the register
    assert employer_on(person, dt.date(2021, 5, 20)) == cast.enterprise_org
    assert employers_on([(person.pk, dt.date(2021, 6, 10))])[(person.pk, dt.date(2021, 6, 10))] == (
        cast.other_enterprise_org
    )
    (claim,) = claims_create_for_class(actor=cast.institution, klass=welder(cast, person))
    assert claim.amount == Decimal("3500.00")


def test_a_class_whose_practice_was_at_a_public_base_is_uplifted(cast):
    venue = base_venue(cast)
    person = PersonFactory(citizen_card="330600009005")
    klass = welder(cast, person)
    practical_at(klass, venue)
    (claim,) = claims_create_for_class(actor=cast.institution, klass=klass)
    assert claim.amount == Decimal("4550.00")
    assert (
        "附件2 注1：本班实操课次 2 次（16.0 课时）均在公共实训基地上虞区公共实训基地预约工位进行"
        in details(claim)
    )
    assert "公共实训基地上浮 30% → 4550.00 元" in details(claim)


def test_practice_labelled_at_a_base_without_a_booking_is_not_uplifted(cast):
    venue = base_venue(cast)
    person = PersonFactory(citizen_card="330600009016")
    klass = welder(cast, person)
    practical_at(klass, venue, n=1)
    practical_at(klass, venue, n=1, first=20, booked=False)
    (claim,) = claims_create_for_class(actor=cast.institution, klass=klass)
    assert claim.amount == Decimal("3500.00")
    assert "本班实操课次 2 次中有 1 次未在公共实训基地预约工位" in details(claim)


def test_a_cancelled_booking_does_not_count(cast):
    venue = base_venue(cast)
    person = PersonFactory(citizen_card="330600009017")
    klass = welder(cast, person)
    practical_at(klass, venue, n=1)
    BaseBooking.objects.update(status=BaseBooking.Status.CANCELLED)
    (claim,) = claims_create_for_class(actor=cast.institution, klass=klass)
    assert claim.amount == Decimal("3500.00")


def test_practice_only_partly_at_a_public_base_is_not_uplifted(cast):
    venue = base_venue(cast)
    plain = facts.venue_register(actor=cast.hr, name="众鑫学校实训车间", address="百官街道")
    person = PersonFactory(citizen_card="330600009006")
    klass = welder(cast, person)
    practical_at(klass, venue)
    practical_at(klass, plain, n=1, first=20)
    (claim,) = claims_create_for_class(actor=cast.institution, klass=klass)
    assert claim.amount == Decimal("3500.00")
    assert "本班实操课次 3 次中有 1 次不在公共实训基地" in details(claim)


def test_both_facts_give_only_one_uplift_and_say_so(cast):
    friction(cast, cast.enterprise_org)
    venue = base_venue(cast)
    person = PersonFactory(citizen_card="330600009007", employer=cast.enterprise_org)
    klass = welder(cast, person)
    practical_at(klass, venue)
    (claim,) = claims_create_for_class(actor=cast.institution, klass=klass)
    assert claim.amount == Decimal("4550.00")  # 3500 × 1.3, not × 1.6
    text = details(claim)
    assert "两者不重复享受，仅按经贸摩擦上浮计" in text
    assert claim.facts.get("uplift") is None  # derived at every check, never stored as input


def test_the_uplift_is_re_derived_at_review_when_the_recognition_is_ended(cast):
    rec = friction(cast, cast.enterprise_org)
    person = PersonFactory(citizen_card="330600009008", employer=cast.enterprise_org)
    (claim,) = claims_create_for_class(actor=cast.institution, klass=welder(cast, person))
    assert claim.amount == Decimal("4550.00")
    facts.recognition_end(actor=cast.hr, recognition=rec, until=dt.date(2021, 1, 31))
    budget(cast.department)
    claims_review_bulk(actor=cast.dept, claim_ids=[claim.pk], decision="approve")
    claim.refresh_from_db()
    assert claim.status == S.DEPT_APPROVED and claim.amount == Decimal("3500.00")


def test_an_uplift_typed_in_the_facts_is_ignored(cast):
    person = PersonFactory(citizen_card="330600009009", employer=cast.enterprise_org)
    (claim,) = claims_create_for_class(actor=cast.institution, klass=welder(cast, person))
    Claim.objects.filter(pk=claim.pk).update(facts={**claim.facts, "uplift": ["trade_friction"]})
    budget(cast.department)
    claims_review_bulk(actor=cast.dept, claim_ids=[claim.pk], decision="approve")
    claim.refresh_from_db()
    assert claim.amount == Decimal("3500.00")


# --- 6. enterprise preconditions and employment ------------------------------------------------------


@pytest.fixture
def banked(cast):
    for org in (cast.enterprise_org, cast.other_enterprise_org):
        org.bank_account = f"62280000{org.pk:08d}"
        org.save()
    return cast


def test_a_chemical_dual_certificate_for_a_non_chemical_employer_is_refused(banked):
    cast = banked
    worker = PersonFactory(citizen_card="330600009010", employer=cast.enterprise_org)
    chemist = PersonFactory(citizen_card="330600009011", employer=cast.other_enterprise_org)
    klass = finished_class(
        cast,
        people=[worker, chemist],
        scheme="chemical_dual_certificate",
        occupation="化工总控工",
        level="中级",
    )
    refused, paid = sorted(
        claims_create_for_class(actor=cast.institution, klass=klass, cost="900"), key=lambda c: c.person_id
    )
    assert refused.status == S.REFUSED and refused.refusals == ["not_chemical_enterprise"]
    assert f"第3条：{cast.enterprise_org.name}不是登记的化工企业" in details(refused)
    assert paid.status == S.CHECKED and paid.amount == Decimal("900.00")
    assert (
        paid.enterprise == cast.other_enterprise_org
        and f"{cast.other_enterprise_org.name}为登记的化工企业" in details(paid)
    )


def apply(cast, scheme, facts_, person=None, day=dt.date(2021, 5, 1)):
    return claim_apply(
        actor=cast.enterprise,
        scheme=scheme,
        department=cast.hr_bureau,
        entitlement_date=day,
        facts=facts_,
        person=person,
    )


def test_a_difficult_enterprise_claim_without_recognition_is_refused(banked):
    claim = apply(banked, "difficult_enterprise_training", {"cost": "50000"})
    assert claim.status == S.REFUSED and "not_difficult_enterprise" in claim.refusals
    assert "未被认定为2021年度困难企业" in details(claim)


def test_difficult_enterprise_premiums_are_read_from_the_registry(banked):
    cast = banked
    facts.recognition_add(
        actor=cast.hr,
        enterprise=cast.enterprise_org,
        kind="difficulty",
        year=2021,
        ui_premiums_last_year="12000",
        document="上虞区2021年度困难企业认定名单",
    )
    claim = apply(cast, "difficult_enterprise_training", {"cost": "50000", "ui_premiums_last_year": "999999"})
    assert claim.status == S.CHECKED and claim.amount == Decimal("12000.00")
    assert claim.facts.get("ui_premiums_last_year") in (None, "12000.00")
    assert "上年度实缴失业保险费 12,000.00 元（登记值）" in details(claim)


def test_a_chief_technician_claim_without_filing_is_refused_and_with_filing_paid(banked):
    cast = banked
    tech = PersonFactory(citizen_card="330600009012", employer=cast.enterprise_org)
    facts.recognition_add(
        actor=cast.hr,
        enterprise=cast.enterprise_org,
        kind="high_skill_demo",
        valid_from=dt.date(2020, 1, 1),
        document="绍兴市高技能人才集聚示范企业",
    )
    claim = apply(cast, "chief_technician_allowance", {"months": "3"}, person=tech)
    assert claim.status == S.REFUSED and claim.refusals == ["chief_technician_not_filed"]
    facts.chief_file(
        actor=cast.hr,
        enterprise=cast.enterprise_org,
        person=tech,
        valid_from=dt.date(2021, 1, 1),
        document="区人社局首席技师备案〔2021〕1号",
    )
    again = apply(cast, "chief_technician_allowance", {"months": "3"}, person=tech, day=dt.date(2021, 5, 2))
    assert again.status == S.CHECKED and again.amount == Decimal("3000.00")
    assert "该人员为经备案的首席技师（2021-01-01起" in details(again)


def test_a_chief_technician_of_a_non_demonstration_enterprise_is_refused(banked):
    cast = banked
    tech = PersonFactory(citizen_card="330600009013", employer=cast.enterprise_org)
    facts.chief_file(
        actor=cast.hr, enterprise=cast.enterprise_org, person=tech, valid_from="2021-01-01", document="备案"
    )
    claim = apply(cast, "chief_technician_allowance", {"months": "3"}, person=tech)
    assert claim.refusals == ["not_high_skill_enterprise"]


def test_an_evaluation_by_a_non_pilot_enterprise_is_refused_and_by_a_pilot_paid(banked):
    cast = banked
    worker = PersonFactory(citizen_card="330600009014", employer=cast.enterprise_org)
    claim = apply(cast, "enterprise_evaluation", {"level": "高级"}, person=worker)
    assert claim.status == S.REFUSED and claim.refusals == ["not_pilot_enterprise"]
    facts.recognition_add(
        actor=cast.hr,
        enterprise=cast.enterprise_org,
        kind="pilot",
        year=2021,
        document="职业技能等级认定试点企业",
    )
    again = apply(cast, "enterprise_evaluation", {"level": "高级"}, person=worker, day=dt.date(2021, 5, 3))
    assert again.status == S.CHECKED and again.amount == Decimal("800.00")
    assert "为2021年起的职业技能等级认定试点企业" in details(again)


def test_an_evaluation_must_name_the_person_evaluated(banked):
    from skillup.core.errors import RuleViolation

    with pytest.raises(RuleViolation) as exc:
        apply(banked, "enterprise_evaluation", {"level": "高级"})
    assert {e.field for e in exc.value.errors} == {"id_number"}


def test_an_enterprise_claim_for_a_stranger_is_refused_not_employed(banked):
    cast = banked
    stranger = PersonFactory(citizen_card="330600009015", employer=cast.other_enterprise_org)
    claim = apply(cast, "directed_graduate_hiring", {"year_of_scheme": "1"}, person=stranger)
    assert claim.status == S.REFUSED and claim.refusals == ["not_employed"]
    assert f"该人员在2021-05-01不是{cast.enterprise_org.name}的职工" in details(claim)
    own = PersonFactory(citizen_card="330600009016", employer=cast.enterprise_org)
    ok = apply(cast, "directed_graduate_hiring", {"year_of_scheme": "1"}, person=own)
    assert ok.status == S.CHECKED and ok.amount == Decimal("5000.00")

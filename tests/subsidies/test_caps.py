"""Issue 9 item 2 on real claims: caps and terms across claims are counted from the enterprise's or the
person's real claims in SkillUp (QUOTE.md amendment 1), whatever the applicant types as year_of_scheme;
rejected and refused claims do not count."""

import datetime as dt
from decimal import Decimal

import pytest

from skillup.registry import services_facts as facts
from skillup.subsidies.models import Claim
from skillup.subsidies.services import claim_apply, claims_create_for_class
from tests.factories import PersonFactory
from tests.subsidies.factories import budget, finished_class

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def firm(cast):
    cast.enterprise_org.bank_account = "6228000000001111"
    cast.enterprise_org.save()
    return cast


def apply(cast, scheme, facts_, day):
    return claim_apply(actor=cast.enterprise, scheme=scheme, entitlement_date=day, facts=facts_)


def details(claim) -> str:
    return " ".join(b["detail"] for b in claim.basis)


def test_the_third_year_of_an_employee_apprenticeship_is_refused_whatever_year_of_scheme_says(firm):
    """第9条: 企业新型学徒制 employee apprentices are subsidised for at most two years."""
    first = apply(
        firm,
        "new_apprenticeship",
        {"kind": "employee", "year_of_scheme": "1", "cost": "5200"},
        dt.date(2020, 5, 31),
    )
    second = apply(
        firm,
        "new_apprenticeship",
        {"kind": "employee", "year_of_scheme": "1", "cost": "5200"},
        dt.date(2021, 1, 31),
    )
    third = apply(
        firm,
        "new_apprenticeship",
        {"kind": "employee", "year_of_scheme": "1", "cost": "5200"},
        dt.date(2021, 5, 31),
    )
    assert first.status == S.CHECKED and second.status == S.CHECKED, (first.basis, second.basis)
    assert third.status == S.REFUSED and "term_exceeded" in third.refusals, third.basis


def test_a_refused_claim_does_not_use_up_a_term(firm):
    first = apply(
        firm,
        "new_apprenticeship",
        {"kind": "employee", "year_of_scheme": "1", "cost": "5200"},
        dt.date(2020, 5, 31),
    )
    refused = apply(
        firm,
        "new_apprenticeship",
        {"kind": "employee", "year_of_scheme": "3", "cost": "5200"},
        dt.date(2020, 9, 30),
    )
    second = apply(
        firm,
        "new_apprenticeship",
        {"kind": "employee", "year_of_scheme": "1", "cost": "5200"},
        dt.date(2021, 5, 31),
    )
    assert first.status == S.CHECKED and refused.status == S.REFUSED
    assert second.status == S.CHECKED and second.amount == Decimal("5200.00")


def test_a_difficult_enterprise_gets_only_what_is_left_of_its_premiums_in_the_year(firm):
    """第11条: the subsidy covers training cost up to last year's unemployment-insurance premiums — all the
    enterprise's claims of the calendar year together."""
    facts.recognition_add(
        actor=firm.hr,
        enterprise=firm.enterprise_org,
        kind="difficulty",
        year=2021,
        ui_premiums_last_year="12000",
        document="上虞区2021年度困难企业认定名单",
    )
    first = apply(firm, "difficult_enterprise_training", {"cost": "8000"}, dt.date(2021, 3, 31))
    second = apply(firm, "difficult_enterprise_training", {"cost": "50000"}, dt.date(2021, 4, 30))
    third = apply(firm, "difficult_enterprise_training", {"cost": "3000"}, dt.date(2021, 5, 31))
    assert first.amount == Decimal("8000.00")
    assert second.status == S.CHECKED and second.amount == Decimal("4000.00"), second.basis
    assert third.status == S.REFUSED and "cap_reached" in third.refusals


def test_enterprise_competitions_share_30000_a_year_and_a_new_year_starts_whole(firm):
    """第12条: 企业职工技能竞赛 ≤ 30,000 per enterprise (per calendar year, across its claims)."""
    first = apply(firm, "enterprise_competition", {"cost": "25000"}, dt.date(2020, 6, 30))
    second = apply(firm, "enterprise_competition", {"cost": "36800"}, dt.date(2020, 9, 30))
    next_year = apply(firm, "enterprise_competition", {"cost": "36800"}, dt.date(2021, 3, 31))
    assert first.amount == Decimal("25000.00")
    assert second.status == S.CHECKED and second.amount == Decimal("5000.00"), second.basis
    assert next_year.amount == Decimal("30000.00")


def test_entrepreneurship_training_pays_at_most_1000_per_person_across_the_three_schemes(cast):
    """第6条: 创业培训补贴每人不超过1000元 — awareness training first, then SYB gets what is left."""
    budget(cast.hr_bureau)
    cast.institution_org.bank_account = "6228000011110000"
    cast.institution_org.save()
    person = PersonFactory(citizen_card="330600009901", groups=",unemployed,")
    awareness = finished_class(
        cast,
        people=[person],
        department=cast.hr_bureau,
        scheme="startup_awareness_training",
        occupation="",
        level="",
        hours=24,
        end=dt.date(2021, 3, 1),
    )
    (first,) = claims_create_for_class(actor=cast.institution, klass=awareness)
    syb = finished_class(
        cast,
        people=[person],
        department=cast.hr_bureau,
        scheme="syb_training",
        occupation="",
        level="",
        hours=56,
        end=dt.date(2021, 5, 1),
    )
    (second,) = claims_create_for_class(actor=cast.institution, klass=syb)
    assert first.status == S.CHECKED, first.basis
    assert second.status == S.CHECKED, second.basis
    assert first.amount == Decimal("450.00") and second.amount == Decimal("550.00"), (
        first.amount,
        second.amount,
    )
    assert "1000" in details(second) or "1,000" in details(second)

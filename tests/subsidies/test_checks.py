"""Automatic checks: the engine's quote with the person's real history, the filing, duplicates."""

import datetime as dt

import pytest

from skillup.core.errors import StateConflict
from skillup.subsidies.models import Claim
from skillup.subsidies.services import claim_apply, claims_create_for_class
from tests.certificates.factories import registered
from tests.factories import PersonFactory
from tests.subsidies.factories import claims_for_class, finished_class

pytestmark = pytest.mark.django_db


def test_a_passed_senior_welder_is_quoted_3500_with_the_basis_in_chinese(cast):
    (claim,) = claims_for_class(cast, people=1)
    assert claim.status == Claim.Status.CHECKED and claim.eligible
    assert str(claim.amount) == "3500.00"
    details = " ".join(b["detail"] for b in claim.basis)
    assert "3500" in details and "备案" in details
    assert claim.reviews.get().decision == "passed"


def test_training_by_an_unfiled_institution_is_refused_and_stored_with_its_refusal(cast):
    (claim,) = claims_for_class(cast, people=1, filed=False)
    assert claim.status == Claim.Status.REFUSED
    assert claim.refusals == ["institution_not_filed"]
    assert claim.amount == 0


def test_a_fourth_subsidy_in_a_year_is_refused_from_the_persons_real_history(cast):
    person = PersonFactory(citizen_card="330600001111")
    for occupation in ("焊工", "电工", "钳工"):
        (c,) = claims_for_class(cast, people=[person], occupation=occupation)
        assert c.status == Claim.Status.CHECKED, c.basis
    (fourth,) = claims_for_class(cast, people=[person], occupation="车工")
    assert fourth.status == Claim.Status.REFUSED and "annual_limit" in fourth.refusals


def test_a_rejected_claim_does_not_count_in_the_history(cast):
    person = PersonFactory(citizen_card="330600001112")
    (first,) = claims_for_class(cast, people=[person])
    Claim.objects.filter(pk=first.pk).update(status=Claim.Status.REJECTED)
    (again,) = claims_for_class(cast, people=[person])
    assert again.status == Claim.Status.CHECKED


def test_the_same_occupation_and_level_twice_is_refused(cast):
    person = PersonFactory(citizen_card="330600001113")
    claims_for_class(cast, people=[person], end=dt.date(2020, 5, 1))
    (second,) = claims_for_class(cast, people=[person])
    assert "repeat_level" in second.refusals


def test_too_few_attended_hours_are_refused(cast):
    (claim,) = claims_for_class(cast, people=1, attended=60)
    assert "too_short" in claim.refusals


def test_a_pensioner_is_refused(cast):
    person = PersonFactory(citizen_card="330600001114", pension=True)
    (claim,) = claims_for_class(cast, people=[person])
    assert "not_eligible_person" in claim.refusals


def test_a_trainee_without_a_citizen_card_is_paid_by_identity_number(cast):
    """第20条: the card centre pays the citizen card addressed by identity number; no stored card number
    never stops a claim (it used to be refused as payee_account_missing)."""
    person = PersonFactory(citizen_card="")
    (claim,) = claims_for_class(cast, people=[person])
    assert claim.status == Claim.Status.CHECKED and claim.refusals == []
    assert claim.payee_kind == "person" and claim.payee_account == "按身份证号"
    payee = [b["detail"] for b in claim.basis if b["rule"] == "payee"]
    assert payee == ["发放至本人市民卡，市民卡中心按身份证号入账（未登记市民卡号不影响发放）"]


def test_only_the_institution_of_the_class_may_claim(cast):
    from django.core.exceptions import PermissionDenied

    klass = finished_class(cast, people=1)
    with pytest.raises(PermissionDenied):
        claims_create_for_class(actor=cast.other_institution, klass=klass)


def test_a_class_with_nobody_passed_has_nothing_to_claim(cast):
    klass = finished_class(cast, people=2, passed=False)
    with pytest.raises(StateConflict):
        claims_create_for_class(actor=cast.institution, klass=klass)


def test_a_trainee_claims_a_skill_promotion_bonus_on_a_certificate(cast):
    cast.trainee_person.citizen_card = "330600001234"
    cast.trainee_person.save()
    registered(cast.trainee_person, "Z123", "技师")
    claim = claim_apply(
        actor=cast.trainee,
        scheme="skill_promotion_bonus",
        entitlement_date=dt.date(2021, 3, 1),
        facts={"level": "技师", "certificate_no": "Z123"},
    )
    assert claim.status == Claim.Status.CHECKED and str(claim.amount) == "10000.00"
    assert claim.payee_kind == "person" and claim.person == cast.trainee_person
    # 附件1: derived, never picked — an employee of an ordinary firm in a trade no department holds → 人社局
    assert claim.department == cast.hr_bureau
    assert {
        "rule": "department",
        "clause": "附件1",
        "detail": "主管部门：人社局（第19条 区人力社保局统筹协调（未归入其他部门行业的培训））",
    } in claim.basis
    again = claim_apply(
        actor=cast.trainee,
        scheme="skill_promotion_bonus",
        entitlement_date=dt.date(2021, 3, 1),
        facts={"level": "技师", "certificate_no": "Z123"},
    )
    # The same certificate twice is a duplicate; naming no occupation, it is not a 第20条 repeat (amendment 1).
    assert again.status == Claim.Status.REFUSED and "duplicate_claim" in again.refusals
    assert "repeat_level" not in again.refusals


def test_an_enterprise_claims_for_a_competition_paid_to_its_bank_account(cast):
    cast.enterprise_org.bank_account = "6228000011112222"
    cast.enterprise_org.save()
    claim = claim_apply(
        actor=cast.enterprise,
        scheme="enterprise_competition",
        entitlement_date=dt.date(2021, 4, 1),
        facts={"cost": "42000"},
    )
    assert claim.status == Claim.Status.CHECKED and str(claim.amount) == "30000.00"
    assert claim.payee_kind == "enterprise" and claim.payee_account == "6228000011112222"


def test_bad_application_input_names_the_field_and_writes_nothing(cast):
    from skillup.core.errors import RuleViolation

    with pytest.raises(RuleViolation) as exc:
        claim_apply(
            actor=cast.enterprise,
            scheme="enterprise_evaluation",
            entitlement_date=None,
            facts={"level": "特级"},
        )
    fields = {e.field for e in exc.value.errors}
    assert {"entitlement_date", "level"} <= fields and "department" not in fields
    assert not Claim.objects.exists()

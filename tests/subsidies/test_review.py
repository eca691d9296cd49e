"""The three-step review: each officer only at their step, reasons, resubmission, separation of duties,
budgets, bulk approval, and re-checks at every approval."""

import pytest
from django.core.exceptions import PermissionDenied

from skillup.core.errors import RuleViolation, StateConflict
from skillup.fund.budgets import budget_remaining
from skillup.fund.models import JournalLine
from skillup.fund.services import budget_set
from skillup.subsidies.models import Claim
from skillup.subsidies.review import claim_review, claims_review_bulk
from skillup.subsidies.services import claim_resubmit
from tests.subsidies.factories import advance, budget, claims_for_class

pytestmark = pytest.mark.django_db
S = Claim.Status


def test_department_then_hr_then_finance_each_at_their_own_step(cast):
    budget(cast.department)
    (claim,) = claims_for_class(cast, people=1)
    for early in (cast.hr, cast.finance):
        with pytest.raises(StateConflict, match="不在"):
            claim_review(claim=claim, actor=early, decision="approve")
    assert claim_review(claim=claim, actor=cast.dept, decision="approve").status == S.DEPT_APPROVED
    with pytest.raises(StateConflict):
        claim_review(claim=claim, actor=cast.dept, decision="approve")
    assert claim_review(claim=claim, actor=cast.hr, decision="approve").status == S.HR_APPROVED
    assert not JournalLine.objects.exists()
    claim = claim_review(claim=claim, actor=cast.finance, decision="approve")
    assert claim.status == S.FINANCE_APPROVED and claim.finance_approved_on is not None
    assert JournalLine.objects.filter(claim=claim).count() == 2
    assert [r.step for r in claim.reviews.order_by("id")] == ["check", "dept", "hr", "finance"]


def test_another_departments_officer_cannot_act(cast):
    budget(cast.department)
    (claim,) = claims_for_class(cast, people=1)
    with pytest.raises(StateConflict, match="不属于本部门"):
        claim_review(claim=claim, actor=cast.other_dept, decision="approve")


def test_roles_outside_the_review_may_never_review(cast):
    (claim,) = claims_for_class(cast, people=1)
    for user in (cast.institution, cast.enterprise, cast.trainee, cast.auditor):
        with pytest.raises(PermissionDenied):
            claim_review(claim=claim, actor=user, decision="approve")


def test_a_rejection_needs_a_reason_and_the_claim_may_be_corrected_and_resubmitted(cast):
    budget(cast.department)
    (claim,) = claims_for_class(cast, people=1)
    with pytest.raises(RuleViolation):
        claim_review(claim=claim, actor=cast.dept, decision="reject", reason="  ")
    claim = claim_review(claim=claim, actor=cast.dept, decision="reject", reason="证书照片不清晰")
    assert claim.status == S.REJECTED
    assert claim.reviews.last().reason == "证书照片不清晰"
    claim = claim_resubmit(actor=cast.institution, claim=claim)
    assert claim.status == S.CHECKED
    assert claim_review(claim=claim, actor=cast.dept, decision="approve").status == S.DEPT_APPROVED


def test_the_creator_of_a_claim_never_approves_it(cast):
    from skillup.accounts.roles import Role
    from tests.factories import UserFactory

    budget(cast.department)
    (claim,) = claims_for_class(cast, people=1)
    Claim.objects.filter(pk=claim.pk).update(created_by=cast.dept)
    with pytest.raises(StateConflict, match="不相容"):
        claim_review(claim=claim, actor=cast.dept, decision="approve")
    colleague = UserFactory(username="dept2", role=Role.DEPT, organisation=cast.department)
    assert claim_review(claim=claim, actor=colleague, decision="approve").status == S.DEPT_APPROVED


def test_no_approval_beyond_the_departments_budget_and_the_remaining_budget_is_shown(cast):
    budget(cast.department, amount="5000.00")
    a, b = claims_for_class(cast, people=2)
    claim_review(claim=a, actor=cast.dept, decision="approve")
    assert budget_remaining(cast.department, 2021) == 1500
    with pytest.raises(StateConflict, match="剩余 1,500.00 元"):
        claim_review(claim=b, actor=cast.dept, decision="approve")
    b.refresh_from_db()
    assert b.status == S.CHECKED
    budget_set(actor=cast.hr, department=cast.department, year=2021, amount="7000")
    assert claim_review(claim=b, actor=cast.dept, decision="approve").status == S.DEPT_APPROVED


def test_without_a_budget_nothing_is_approved(cast):
    (claim,) = claims_for_class(cast, people=1)
    with pytest.raises(StateConflict, match="尚未设置"):
        claim_review(claim=claim, actor=cast.dept, decision="approve")


def test_only_hr_sets_budgets(cast):
    with pytest.raises(PermissionDenied):
        budget_set(actor=cast.dept, department=cast.department, year=2021, amount="1")
    with pytest.raises(RuleViolation):
        budget_set(actor=cast.hr, department=cast.department, year=2021, amount="-5")


def test_bulk_approval_summarises_what_was_done_and_what_was_left(cast):
    budget(cast.department, amount="7000.00")
    claims = claims_for_class(cast, people=3)
    summary = claims_review_bulk(actor=cast.dept, claim_ids=[c.pk for c in claims], decision="approve")
    assert len(summary.approved) == 2 and len(summary.skipped) == 1
    assert "预算" in summary.skipped[0][1]
    assert "审核通过 2 笔" in summary.message()


def test_the_checks_run_again_at_every_approval(cast):
    budget(cast.department)
    (claim,) = claims_for_class(cast, people=1)
    claim_review(claim=claim, actor=cast.dept, decision="approve")
    person = claim.person
    person.pension = True  # started drawing a pension before HR's review
    person.save()
    with pytest.raises(StateConflict, match="自动复核不通过"):
        claim_review(claim=claim, actor=cast.hr, decision="approve")
    claim.refresh_from_db()
    assert claim.status == S.REFUSED and "not_eligible_person" in claim.refusals


def test_finance_approval_commits_the_fund_per_department(cast):
    claims = advance(cast, claims_for_class(cast, people=2))
    from skillup.fund.selectors import balances

    books = balances(department=cast.department)
    by_code = {a["code"]: a["balance"] for a in books["accounts"]}
    assert by_code["5001"] == by_code["2101"] == sum(c.amount for c in claims)

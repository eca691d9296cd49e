"""The money apps' can_<action> verdicts: the service refuses with the verdict's reason (NotAllowed), the
page shows the same verdict, the API answers 403 with it."""

import datetime as dt

import pytest

from skillup.core.errors import NotAllowed
from skillup.core.permissions import PERMISSIONS
from skillup.fund import services as fund_services
from skillup.fund.permissions import can_create_batch, can_set_budget, can_sign_reconciliation
from skillup.subsidies import services
from skillup.subsidies.permissions import can_apply, can_resubmit_claim, can_review_claim
from skillup.whatif import services as whatif
from skillup.whatif.permissions import can_write_draft
from tests.subsidies.factories import claims_for_class

pytestmark = pytest.mark.django_db


def test_the_money_verdicts_are_registered_for_the_template_tag():
    for name in (
        "apply",
        "review",
        "review_claim",
        "resubmit_claim",
        "correct_claim",
        "claim_for_class",
        "create_batch",
        "set_budget",
        "record_allocation",
        "reverse_entry",
        "sign_reconciliation",
        "write_draft",
    ):
        assert name in PERMISSIONS, name


def test_verdicts_say_why_in_chinese_and_services_refuse_with_the_same_reason(cast):
    verdict = can_apply(cast.hr)
    assert not verdict and verdict.reason == "只有学员本人或企业可以申请此类补贴"
    with pytest.raises(NotAllowed, match=verdict.reason):
        services.claim_apply(
            actor=cast.hr, scheme="ui_skill_upgrade", entitlement_date=dt.date(2021, 1, 1), facts={}
        )
    verdict = can_set_budget(cast.finance)
    assert not verdict
    with pytest.raises(NotAllowed, match=verdict.reason):
        fund_services.budget_set(actor=cast.finance, department=cast.department, year=2021, amount="1")
    assert can_create_batch(cast.finance) and not can_create_batch(cast.hr)
    assert can_sign_reconciliation(cast.hr) and not can_sign_reconciliation(cast.dept)
    verdict = can_write_draft(cast.finance)
    with pytest.raises(NotAllowed, match=verdict.reason):
        whatif.draft_create(actor=cast.finance, name="x")


def test_review_and_resubmit_verdicts_follow_the_claim(cast):
    (claim,) = claims_for_class(cast, people=1)
    assert can_review_claim(cast.dept, claim)
    assert not can_review_claim(cast.hr, claim)  # not the HR bureau's scheme
    assert not can_review_claim(cast.institution, claim)
    resubmit = can_resubmit_claim(cast.institution, claim)
    assert not resubmit and "只有被退回" in resubmit.reason
    assert "只有申领单位" in can_resubmit_claim(cast.other_trainee, claim).reason

"""Recovery of subsidies paid on claims a confirmed case found fraudulent (第20条: 依法追回).

A paid claim's amount becomes a receivable of its department: Dr 1201 应收追回补贴 / Cr 5001 补贴支出 (the
expense was not a real subsidy). Money paid back is Dr 1001 专项资金专账 / Cr 1201, in parts if need be,
never more than is owed. What is owed is read from the journal each time (no copy), per claim.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from skillup.accounts import audit
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.fund import accounts, ledger, selectors
from skillup.fund.models import JournalEntry
from skillup.fund.permissions import can_raise_recovery, can_record_repayment
from skillup.subsidies.models import Claim, ClaimReview

ZERO = Decimal("0.00")


def recovery_raise(*, actor, claims, reference: str) -> list[JournalEntry]:
    """One receivable per paid claim, with `reference` (the case code and its finding) in the memo and
    on the claim's review trail. A claim already owing is not raised twice; unpaid claims are skipped."""
    require(can_raise_recovery(actor))
    reference = (reference or "").strip()[:200]
    if not reference:
        raise RuleViolation("请写明追回依据（如核查案件编号）", field="reference")
    with transaction.atomic():
        locked = list(
            Claim.objects.select_for_update().filter(pk__in=[c.pk for c in claims], status=Claim.Status.PAID)
        )
        raised = selectors.receivables_of([c.pk for c in locked])
        fresh = [c for c in locked if c.pk not in raised and c.amount > 0]
        entries = ledger.post_many(
            [
                ledger.Posting(
                    kind=JournalEntry.Kind.RECOVERY,
                    memo=f"{reference}：申领 #{c.pk} {c.payee_name} 已付补贴应追回",
                    lines=ledger.pair(
                        accounts.RECEIVABLE,
                        accounts.EXPENSE,
                        c.amount,
                        department_id=c.department_id,
                        claim_id=c.pk,
                    ),
                    claim_id=c.pk,
                )
                for c in fresh
            ],
            actor=actor,
        )
        ClaimReview.objects.bulk_create(
            [
                ClaimReview(claim=c, step="integrity", decision="recovery", reason=reference, actor=actor)
                for c in fresh
            ]
        )
        audit.record_many(
            actor=actor,
            action="fund.recovery_raise",
            items=[
                (c, {"receivable": c.amount, "reference": reference}, f"应追回 {c.amount} 元：{reference}")
                for c in fresh
            ],
        )
        return entries


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0 or amount.quantize(Decimal("0.01")) != amount:
        raise RuleViolation(
            [FieldError("到账金额应为大于0的数字（元），最多两位小数", field="amount", label="到账金额")]
        )
    return amount


def recovery_repay(*, actor, claim: Claim, amount, memo: str = "") -> JournalEntry:
    """Money recovered for a claim arrives in the fund's account (Finance): partial repayments allowed,
    never more than is still owed."""
    require(can_record_repayment(actor, claim))
    amount = _amount(amount)
    memo = (memo or "").strip()[:200]
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)  # one repayment at a time per claim
        owed = selectors.receivables_of([claim.pk]).get(claim.pk)
        if owed is None or owed["balance"] <= 0:
            raise StateConflict(f"申领 #{claim.pk} 没有待追回的款项")
        if amount > owed["balance"]:
            raise RuleViolation(
                [
                    FieldError(
                        f"到账金额超过尚欠的 {owed['balance']:,.2f} 元，请核对",
                        field="amount",
                        label="到账金额",
                    )
                ]
            )
        entry = ledger.post(
            ledger.Posting(
                kind=JournalEntry.Kind.REPAYMENT,
                memo=f"申领 #{claim.pk} 追回款到账" + (f"：{memo}" if memo else ""),
                lines=ledger.pair(
                    accounts.BANK,
                    accounts.RECEIVABLE,
                    amount,
                    department_id=claim.department_id,
                    claim_id=claim.pk,
                ),
                claim_id=claim.pk,
            ),
            actor=actor,
            date=today(),
        )
        left = owed["balance"] - amount
        audit.record(
            actor=actor,
            action="fund.recovery_repay",
            obj=claim,
            changes={"repaid": amount, "balance": [owed["balance"], left]},
            summary=f"申领 #{claim.pk} 追回款到账 {amount} 元，尚欠 {left} 元",
        )
        return entry

"""Monthly reconciliation (annex 3: HR and Finance reconcile the special fund every month).

For one month, every claim that was finance-approved, paid or posted in it is compared three ways: what
was approved, what the payment results say, and what the journal holds (net of reversals, to the month's
end). Each difference is listed with its cause.

A claim a confirmed case rejected after Finance's approval has its commitment released (kind `release`):
from then on it reads as no longer approved. Recovery of paid money (kinds `recovery`, `repayment`, and
their reversals) moves 1201 应收追回补贴, not what was approved or paid: it is left out of the claim-by-claim
comparison and shown in the month's totals instead.
"""

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from skillup.fund import accounts
from skillup.fund.models import JournalEntry, JournalLine, PaymentLine
from skillup.subsidies.models import Claim

ZERO = Decimal("0.00")
S = Claim.Status
CAUSES = {
    "unpaid": "已审核未支付",
    "failed": "支付失败待重新发放",
    "paid_twice": "重复支付",
    "amount_mismatch": "金额不符",
}


@dataclass
class Difference:
    claim_id: int
    cause: str
    approved: Decimal
    paid: Decimal
    journal_paid: Decimal
    detail: str

    @property
    def cause_zh(self) -> str:
        return CAUSES[self.cause]

    def as_dict(self) -> dict:
        d = asdict(self)
        d.update({k: str(v) for k, v in d.items() if isinstance(v, Decimal)}, cause_zh=self.cause_zh)
        return d


@dataclass
class Report:
    month: dt.date
    differences: list[Difference] = field(default_factory=list)
    approved_count: int = 0
    approved_amount: Decimal = ZERO
    paid_count: int = 0
    paid_amount: Decimal = ZERO
    journal_commitments: Decimal = ZERO
    journal_payments: Decimal = ZERO
    total_debits: Decimal = ZERO
    total_credits: Decimal = ZERO
    recoveries_raised: Decimal = ZERO
    recoveries_repaid: Decimal = ZERO

    def totals_dict(self) -> dict:
        return {
            k: str(v) if isinstance(v, Decimal) else v
            for k, v in asdict(self).items()
            if k not in ("month", "differences")
        }


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    start = month.replace(day=1)
    return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])


def _of_kind(kind: str) -> Q:
    return Q(entry__kind=kind) | Q(entry__reverses__kind=kind)


def month_report(month: dt.date) -> Report:
    start, end = month_bounds(month)
    report = Report(start)
    in_month = Q(date__gte=start, date__lte=end)
    recovery, repayment = _of_kind(JournalEntry.Kind.RECOVERY), _of_kind(JournalEntry.Kind.REPAYMENT)
    touched = set(
        Claim.objects.filter(finance_approved_on__gte=start, finance_approved_on__lte=end).values_list(
            "id", flat=True
        )
    )
    touched |= set(
        PaymentLine.objects.filter(resolved_on__gte=start, resolved_on__lte=end).values_list(
            "claim_id", flat=True
        )
    )
    touched |= set(
        JournalLine.objects.filter(in_month, claim__isnull=False).values_list("claim_id", flat=True)
    )
    claims = {c.pk: c for c in Claim.objects.filter(pk__in=touched)}
    lines = defaultdict(list)
    for ln in PaymentLine.objects.filter(claim_id__in=touched, batch__date__lte=end).order_by("attempt"):
        lines[ln.claim_id].append(ln)
    journal = defaultdict(lambda: {"commit": ZERO, "paid": ZERO, "payments": 0, "commits": 0, "releases": 0})
    for claim_id, account, debit, credit, kind, reverses_kind in (
        JournalLine.objects.filter(
            claim_id__in=touched, date__lte=end, account__in=[accounts.EXPENSE, accounts.BANK]
        )
        .exclude(recovery | repayment)
        .values_list("claim_id", "account", "debit", "credit", "entry__kind", "entry__reverses__kind")
    ):
        j = journal[claim_id]
        if account == accounts.EXPENSE:
            j["commit"] += debit - credit
            if kind == JournalEntry.Kind.COMMITMENT:
                j["commits"] += 1
            elif kind == JournalEntry.Kind.RELEASE:
                j["releases"] += 1
        else:
            j["paid"] += credit - debit
            if kind == JournalEntry.Kind.PAYMENT:
                j["payments"] += 1
            elif reverses_kind == JournalEntry.Kind.PAYMENT:
                j["payments"] -= 1
    for claim_id in sorted(touched):
        claim = claims[claim_id]
        j = journal[claim_id]
        approved = claim.amount if claim.finance_approved_on and claim.finance_approved_on <= end else ZERO
        if j["releases"] and j["releases"] >= j["commits"]:
            approved = ZERO  # rejected by a confirmed case after approval: its commitment was released
        paid_lines = [
            ln for ln in lines[claim_id] if ln.status == PaymentLine.Status.PAID and ln.resolved_on <= end
        ]
        paid = sum((ln.amount for ln in paid_lines), ZERO)

        def diff(cause, detail, claim_id=claim_id, approved=approved, paid=paid, j=j):
            report.differences.append(Difference(claim_id, cause, approved, paid, j["paid"], detail))

        if len(paid_lines) > 1 or j["payments"] > 1:
            diff("paid_twice", f"支付成功 {len(paid_lines)} 笔，记账支付 {j['payments']} 笔")
        elif not paid_lines:
            last = lines[claim_id][-1] if lines[claim_id] else None
            if last is not None and last.status == PaymentLine.Status.FAILED:
                diff("failed", f"{last.key} 支付失败：{last.reason}")
            elif approved:
                diff("unpaid", "已审核通过，月末尚未支付" if last is None else f"{last.key} 月末尚未回盘")
        mismatches = []
        if approved and j["commit"] != approved:
            mismatches.append(f"记账核定 {j['commit']:.2f} ≠ 审核金额 {approved:.2f}")
        if paid_lines and len(paid_lines) == 1 and paid != approved:
            mismatches.append(f"支付 {paid:.2f} ≠ 审核金额 {approved:.2f}")
        if j["paid"] != paid and not (len(paid_lines) > 1 or j["payments"] > 1):
            mismatches.append(f"记账支付 {j['paid']:.2f} ≠ 回盘支付 {paid:.2f}")
        if mismatches:
            diff("amount_mismatch", "；".join(mismatches))
    approved_qs = Claim.objects.filter(finance_approved_on__gte=start, finance_approved_on__lte=end)
    agg = approved_qs.aggregate(s=Sum("amount"))
    report.approved_count = approved_qs.count()
    report.approved_amount = agg["s"] or ZERO
    paid_qs = PaymentLine.objects.filter(
        status=PaymentLine.Status.PAID, resolved_on__gte=start, resolved_on__lte=end
    )
    report.paid_count = paid_qs.count()
    report.paid_amount = paid_qs.aggregate(s=Sum("amount"))["s"] or ZERO
    month_lines = JournalLine.objects.filter(in_month)
    report.journal_commitments = _net(
        month_lines.filter(account=accounts.EXPENSE).exclude(recovery), debit=True
    )
    report.journal_payments = _net(
        month_lines.filter(account=accounts.BANK, claim__isnull=False).exclude(repayment), debit=False
    )
    raised = in_month & recovery & Q(account=accounts.RECEIVABLE)
    repaid = in_month & repayment & Q(account=accounts.BANK)
    totals = JournalLine.objects.filter(date__lte=end).aggregate(
        d=Sum("debit"),
        c=Sum("credit"),
        raised_d=Sum("debit", filter=raised),
        raised_c=Sum("credit", filter=raised),
        repaid_d=Sum("debit", filter=repaid),
        repaid_c=Sum("credit", filter=repaid),
    )
    report.total_debits, report.total_credits = totals["d"] or ZERO, totals["c"] or ZERO
    report.recoveries_raised = (totals["raised_d"] or ZERO) - (totals["raised_c"] or ZERO)
    report.recoveries_repaid = (totals["repaid_d"] or ZERO) - (totals["repaid_c"] or ZERO)
    return report


def _net(qs, *, debit: bool) -> Decimal:
    agg = qs.aggregate(d=Sum("debit"), c=Sum("credit"))
    d, c = agg["d"] or ZERO, agg["c"] or ZERO
    return d - c if debit else c - d

"""Writes of the fund other than payments: budgets, allocations, reversals, month sign-off.

Payment batches and result files are in `payments.py`. Every function is one transaction with its audit row.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.fund import accounts, ledger, reconcile
from skillup.fund.models import Budget, JournalEntry, ReconciliationMonth
from skillup.fund.permissions import (
    can_record_allocation,
    can_reverse_entry,
    can_set_budget,
    can_sign_reconciliation,
)
from skillup.registry.models import OrgKind

HR_ROLES = (Role.HR, Role.HR_ADMIN)


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise RuleViolation("金额应为数字（元），最多两位小数", field=field) from None
    if not amount.is_finite():  # "NaN" parses, then breaks every comparison (issue 10 item 5)
        raise RuleViolation("金额应为数字（元），最多两位小数", field=field)
    if amount.quantize(Decimal("0.01")) != amount or amount < 0:
        raise RuleViolation("金额应为不小于0的数字（元），最多两位小数", field=field)
    return amount.quantize(Decimal("0.01"))


def budget_set(*, actor, department, year: int, amount, source: str = "hr") -> Budget:
    """A department's subsidy budget for a year: HR sets it until annual plans exist; a plan's approval
    sets it with source="plan" (the planning app calls this with its approver as actor)."""
    if source not in Budget.Source.values:
        raise RuleViolation("预算来源应为 hr 或 plan", field="source")
    if source == "hr":
        require(can_set_budget(actor))
    # The HR bureau is itself the competent department of some schemes (e.g. entrepreneurship training).
    if department is None or department.kind not in (OrgKind.DEPARTMENT, OrgKind.HR):
        raise RuleViolation("请选择主管部门", field="department")
    if not 2019 <= int(year) <= 2030:
        raise RuleViolation("年度应在 2019–2030 之间", field="year")
    amount = _money(amount, "amount")
    with transaction.atomic():
        budget = Budget.objects.select_for_update().filter(department=department, year=year).first()
        before = audit.snapshot(budget, ["amount", "source"]) if budget else {}
        if budget is None:
            budget = Budget(department=department, year=year)
        budget.amount, budget.source, budget.set_by = amount, source, actor
        budget.save()
        audit.record(
            actor=actor,
            action="budget.set",
            obj=budget,
            changes=audit.diff(before, audit.snapshot(budget, ["amount", "source"])),
            summary=f"{department.name} {year} 年度预算 {amount} 元",
        )
        return budget


def allocation_post(*, actor, year: int, amount, memo: str = "") -> JournalEntry:
    """Money allocated into the special fund: Dr 资金专账 / Cr 财政拨入专项资金."""
    require(can_record_allocation(actor))
    amount = _money(amount, "amount")
    if amount <= 0:
        raise RuleViolation("拨入金额应大于0", field="amount")
    with transaction.atomic():
        entry = ledger.post(
            ledger.Posting(
                kind=JournalEntry.Kind.ALLOCATION,
                memo=memo or f"{year} 年度专项资金拨入",
                lines=ledger.pair(accounts.BANK, accounts.ALLOCATIONS, amount),
            ),
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="fund.allocation",
            obj=entry,
            changes={"amount": amount, "year": year},
            summary=f"拨入 {amount} 元",
        )
        return entry


def journal_reverse(*, actor, entry: JournalEntry, reason: str) -> JournalEntry:
    """Undo a posting by its mirror image, dated today; the original stays as it was."""
    require(can_reverse_entry(actor, entry))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写冲销原因", field="reason")
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.kind == JournalEntry.Kind.REVERSAL or JournalEntry.objects.filter(reverses=entry).exists():
            raise StateConflict("该凭证已冲销或本身是冲销凭证")
        reversal = ledger.post(ledger.reversal_of(entry, f"冲销凭证 #{entry.pk}：{reason}"), actor=actor)
        audit.record(
            actor=actor, action="fund.reverse", obj=reversal, changes={"reverses": entry.pk}, summary=reason
        )
        return reversal


def reconciliation_sign(*, actor, month: dt.date) -> ReconciliationMonth:
    """HR and Finance each sign off a finished month; signed by both, the month is frozen."""
    require(can_sign_reconciliation(actor, month))
    month = month.replace(day=1)
    if ledger.month_of(today()) <= month:
        raise StateConflict("只能在月份结束后对账签字")
    with transaction.atomic():
        rec, _ = ReconciliationMonth.objects.select_for_update().get_or_create(month=month)
        side = "finance" if actor.role == Role.FINANCE else "hr"
        if getattr(rec, f"{side}_signed_by_id"):
            raise StateConflict(f"{month:%Y年%m月}本单位已签字")
        report = reconcile.month_report(month)
        rec.differences = [d.as_dict() for d in report.differences]
        rec.totals = report.totals_dict()
        setattr(rec, f"{side}_signed_by", actor)
        setattr(rec, f"{side}_signed_at", timezone.now())
        rec.save()
        audit.record(
            actor=actor,
            action=f"reconciliation.sign.{side}",
            obj=rec,
            changes={"differences": len(rec.differences)},
            summary=f"{month:%Y-%m} 对账签字（差异 {len(rec.differences)} 项）",
        )
        return rec

"""Reads of the fund. Batches and the journal are for the district-wide roles (HR, Finance, auditors);
everyone else sees none of them, so a batch answers 404."""

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet, Sum

from skillup.accounts.scoping import scope
from skillup.fund.accounts import CHART, signed_balance
from skillup.fund.budgets import budget_remaining, budget_used  # noqa: F401  (the selector other apps use)
from skillup.fund.models import (
    Budget,
    JournalEntry,
    JournalLine,
    PaymentBatch,
    PaymentLine,
    ReconciliationMonth,
)

ZERO = Decimal("0.00")


def batches_visible_to(user) -> QuerySet[PaymentBatch]:
    return scope(PaymentBatch.objects.all(), user)


def payment_lines(batch: PaymentBatch) -> QuerySet[PaymentLine]:
    return batch.lines.select_related("claim__person").order_by("id")


def journal_visible_to(user) -> QuerySet[JournalEntry]:
    return scope(JournalEntry.objects.all(), user)


def budgets_visible_to(user) -> QuerySet[Budget]:
    return scope(Budget.objects.select_related("department"), user, department="department_id")


def reconciliations_visible_to(user) -> QuerySet[ReconciliationMonth]:
    return scope(ReconciliationMonth.objects.all(), user)


def balances(*, on: dt.date | None = None, department=None) -> dict:
    """Balance of every account (on its normal side) at the end of `on`, optionally for one department;
    with the journal's total debits and credits, which are always equal."""
    qs = JournalLine.objects.all()
    if on is not None:
        qs = qs.filter(date__lte=on)
    if department is not None:
        qs = qs.filter(department=department)
    rows = {
        a: (d or ZERO, c or ZERO)
        for a, d, c in qs.values_list("account").annotate(Sum("debit"), Sum("credit"))
    }
    accounts = [
        {
            "code": code,
            "name": acc.name,
            "normal": acc.normal,
            "debits": rows.get(code, (ZERO, ZERO))[0],
            "credits": rows.get(code, (ZERO, ZERO))[1],
            "balance": signed_balance(code, *rows.get(code, (ZERO, ZERO))),
        }
        for code, acc in CHART.items()
    ]
    total_d = sum((a["debits"] for a in accounts), ZERO)
    total_c = sum((a["credits"] for a in accounts), ZERO)
    return {"accounts": accounts, "total_debits": total_d, "total_credits": total_c}


def balances_by_department(*, on: dt.date | None = None) -> list[dict]:
    """Per department: committed (补贴支出), still payable, in transit, and paid."""
    qs = JournalLine.objects.filter(department__isnull=False)
    if on is not None:
        qs = qs.filter(date__lte=on)
    rows = qs.values_list("department_id", "department__name", "account").annotate(
        Sum("debit"), Sum("credit")
    )
    out: dict[int, dict] = {}
    for dept_id, name, account, d, c in rows:
        row = out.setdefault(
            dept_id, {"department": name, "expense": ZERO, "payable": ZERO, "in_transit": ZERO, "paid": ZERO}
        )
        d, c = d or ZERO, c or ZERO
        if account == "1001":
            row["paid"] = c - d  # money that left the fund account for this department's claims
        else:
            key = {"5001": "expense", "2101": "payable", "2201": "in_transit"}[account]
            row[key] = signed_balance(account, d, c)
    return sorted(out.values(), key=lambda r: r["department"])

"""Posting to the special fund's journal: balanced entries only, never edited, reversed when wrong.

Every write to the journal goes through `post_many` (one entry is a list of one). It runs inside the
caller's transaction, refuses an unbalanced entry before anything is written (the database refuses it
again at commit on PostgreSQL), and refuses any date in a month HR and Finance have signed off.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from skillup.core.clock import today
from skillup.core.errors import StateConflict
from skillup.fund.accounts import CHART
from skillup.fund.models import JournalEntry, JournalLine, ReconciliationMonth

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    account: str
    debit: Decimal = Decimal("0.00")
    credit: Decimal = Decimal("0.00")
    department_id: int | None = None
    claim_id: int | None = None


@dataclass
class Posting:
    kind: str
    memo: str
    lines: list[Line]
    claim_id: int | None = None
    payment_id: int | None = None
    reverses_id: int | None = None
    total: Decimal = field(init=False, default=Decimal("0.00"))

    def check(self) -> None:
        debits = sum((ln.debit for ln in self.lines), Decimal("0.00"))
        credits = sum((ln.credit for ln in self.lines), Decimal("0.00"))
        for ln in self.lines:
            if ln.account not in CHART:
                raise ValueError(f"unknown account {ln.account}")
            if (ln.debit > 0) == (ln.credit > 0) or ln.debit < 0 or ln.credit < 0:
                raise ValueError("a journal line has exactly one positive side")
            if ln.debit.quantize(CENT) != ln.debit or ln.credit.quantize(CENT) != ln.credit:
                raise ValueError("journal amounts are in fen (2 places)")
        # Double entry: an entry that does not balance is a bug, never data to store.
        if debits != credits or debits <= 0:
            raise AssertionError(f"unbalanced entry {self.memo}: debits {debits} != credits {credits}")
        self.total = debits


def pair(debit_account, credit_account, amount, *, department_id=None, claim_id=None) -> list[Line]:
    return [
        Line(debit_account, debit=amount, department_id=department_id, claim_id=claim_id),
        Line(credit_account, credit=amount, department_id=department_id, claim_id=claim_id),
    ]


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def frozen(day: dt.date) -> bool:
    return ReconciliationMonth.objects.filter(
        month=month_of(day), hr_signed_by__isnull=False, finance_signed_by__isnull=False
    ).exists()


def ensure_open(day: dt.date) -> None:
    if frozen(day):
        raise StateConflict(f"{day:%Y年%m月}已由人社局和财政局对账签字封账，不能再记入该月；请以当前月份记账")


def post_many(postings: list[Posting], *, actor, date: dt.date | None = None) -> list[JournalEntry]:
    if not postings:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("post_many must run inside the service's transaction")
    day = date or today()
    ensure_open(day)
    for p in postings:
        p.check()
    actor_id = getattr(actor, "pk", None)
    entries = JournalEntry.objects.bulk_create(
        [
            JournalEntry(
                date=day,
                kind=p.kind,
                memo=p.memo[:300],
                total=p.total,
                claim_id=p.claim_id,
                payment_id=p.payment_id,
                reverses_id=p.reverses_id,
                created_by_id=actor_id,
            )
            for p in postings
        ]
    )
    JournalLine.objects.bulk_create(
        [
            JournalLine(
                entry_id=entry.pk,
                account=ln.account,
                department_id=ln.department_id,
                claim_id=ln.claim_id,
                date=day,
                debit=ln.debit,
                credit=ln.credit,
            )
            for entry, p in zip(entries, postings, strict=True)
            for ln in p.lines
        ],
        batch_size=2000,
    )
    return entries


def post(posting: Posting, *, actor, date: dt.date | None = None) -> JournalEntry:
    return post_many([posting], actor=actor, date=date)[0]


def reversal_of(entry: JournalEntry, memo: str = "") -> Posting:
    lines = [
        Line(
            ln.account, debit=ln.credit, credit=ln.debit, department_id=ln.department_id, claim_id=ln.claim_id
        )
        for ln in entry.lines.all()
    ]
    return Posting(
        kind=JournalEntry.Kind.REVERSAL,
        memo=memo or f"冲销凭证 #{entry.pk}：{entry.memo}",
        lines=lines,
        claim_id=entry.claim_id,
        payment_id=entry.payment_id,
        reverses_id=entry.pk,
    )

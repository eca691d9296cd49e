"""Reads of the fund. Batches and the journal are for the district-wide roles (HR, Finance, auditors);
everyone else sees none of them, so a batch answers 404."""

import datetime as dt
from decimal import Decimal

from django.db.models import DecimalField, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from skillup.accounts.models import AuditEntry
from skillup.accounts.scoping import scope
from skillup.fund.accounts import BANK, CHART, EXPENSE, IN_TRANSIT, PAYABLE, RECEIVABLE, signed_balance
from skillup.fund.budgets import budget_remaining, budget_used  # noqa: F401  (the selector other apps use)
from skillup.fund.models import (
    Budget,
    JournalEntry,
    JournalLine,
    PaymentBatch,
    PaymentLine,
    ReconciliationMonth,
)
from skillup.fund.permissions import can_read_fund
from skillup.registry import payees
from skillup.registry.models import Organisation, Person
from skillup.subsidies.models import Claim

ZERO = Decimal("0.00")
# The audited changes of where money goes (registry.services_accounts).
ACCOUNT_CHANGES = ("person.card_update", "person.update", "organisation.bank_account")


def batches_visible_to(user) -> QuerySet[PaymentBatch]:
    return scope(PaymentBatch.objects.all(), user)


def payment_lines(batch: PaymentBatch) -> QuerySet[PaymentLine]:
    return batch.lines.select_related("claim__person").order_by("id")


def journal_lines_of(entries: QuerySet[JournalEntry]) -> QuerySet[JournalLine]:
    """The lines of these entries, newest entry first (the journal export: one row per line)."""
    return (
        JournalLine.objects.filter(entry__in=entries.order_by().values("id"))
        .select_related("entry", "department")
        .order_by("-entry__date", "-entry_id", "id")
    )


def batches_filtered(user, params) -> QuerySet[PaymentBatch]:
    """The batch list of the page and its export: `params` holds `status`."""
    qs = batches_visible_to(user).select_related("created_by")
    if status := (params.get("status") or "").strip():
        qs = qs.filter(status=status)
    return qs


def journal_visible_to(user) -> QuerySet[JournalEntry]:
    return scope(JournalEntry.objects.all(), user)


def journal_filtered(user, params) -> QuerySet[JournalEntry]:
    """The journal of the page and its export: `params` holds `kind`, `from` and `to` (dates)."""
    qs = journal_visible_to(user).select_related("created_by").prefetch_related("lines__department")
    if kind := (params.get("kind") or "").strip():
        qs = qs.filter(kind=kind)
    for key, lookup in (("from", "date__gte"), ("to", "date__lte")):
        try:
            day = dt.date.fromisoformat((params.get(key) or "").strip())
        except ValueError:
            continue
        qs = qs.filter(**{lookup: day})
    return qs.order_by("-date", "-id")


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


def books_problems() -> list[str]:
    """The trial balance of the whole journal (the ledger's invariant): total debits equal total
    credits, and every entry's lines balance and add up to its total. Empty when the books balance; used
    by `skillup books-verify`, e.g. after a restore."""
    totals = JournalLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    debits, credits = totals["d"] or ZERO, totals["c"] or ZERO
    problems = [] if debits == credits else [f"借方合计 {debits} ≠ 贷方合计 {credits}"]
    unbalanced = (
        JournalEntry.objects.annotate(
            d=Coalesce(Sum("lines__debit"), Value(ZERO), output_field=DecimalField()),
            c=Coalesce(Sum("lines__credit"), Value(ZERO), output_field=DecimalField()),
        )
        .exclude(d=F("c"), c=F("total"))
        .order_by("id")
    )
    problems += [f"凭证 #{e.pk}：借方 {e.d}，贷方 {e.c}，金额 {e.total}" for e in unbalanced[:20]]
    return problems


def balances_by_department(*, on: dt.date | None = None) -> list[dict]:
    """Per department: committed (补贴支出), still payable, in transit, paid, still to be recovered
    (应收追回补贴) and recovered (repayments into the fund's account)."""
    qs = JournalLine.objects.filter(department__isnull=False)
    if on is not None:
        qs = qs.filter(date__lte=on)
    rows = qs.values_list(
        "department_id", "department__name", "account", "entry__kind", "entry__reverses__kind"
    ).annotate(Sum("debit"), Sum("credit"))
    out: dict[int, dict] = {}
    keys = {EXPENSE: "expense", PAYABLE: "payable", IN_TRANSIT: "in_transit", RECEIVABLE: "receivable"}
    for dept_id, name, account, kind, reverses, d, c in rows:
        row = out.setdefault(
            dept_id,
            {
                "department": name,
                "expense": ZERO,
                "payable": ZERO,
                "in_transit": ZERO,
                "paid": ZERO,
                "receivable": ZERO,
                "recovered": ZERO,
            },
        )
        d, c = d or ZERO, c or ZERO
        if account == BANK and JournalEntry.Kind.REPAYMENT in (kind, reverses):
            row["recovered"] += d - c  # recovered money that came back into the fund account
        elif account == BANK:
            row["paid"] += c - d  # money that left the fund account for this department's claims
        else:
            row[keys[account]] += signed_balance(account, d, c)
    return sorted(out.values(), key=lambda r: r["department"])


def receivables_of(claim_ids) -> dict[int, dict]:
    """claim id → {raised, repaid, balance} of its recovery receivable (1201), for claims that have one;
    read from the journal, net of reversals."""
    ids = list(claim_ids)
    if not ids:
        return {}
    repaid = Q(entry__kind=JournalEntry.Kind.REPAYMENT)
    unrepaid = Q(entry__reverses__kind=JournalEntry.Kind.REPAYMENT)
    rows = (
        JournalLine.objects.filter(account=RECEIVABLE, claim_id__in=ids)
        .values("claim_id")
        .annotate(
            d=Sum("debit"),
            c=Sum("credit"),
            r=Sum("credit", filter=repaid),
            u=Sum("debit", filter=unrepaid),
        )
        .order_by()
    )
    out = {}
    for r in rows:
        balance = (r["d"] or ZERO) - (r["c"] or ZERO)
        back = (r["r"] or ZERO) - (r["u"] or ZERO)
        out[r["claim_id"]] = {"raised": balance + back, "repaid": back, "balance": balance}
    return out


def receivables_filtered(user, params) -> list:
    """The recovery receivables of the fund's page and its export, one row per claim (the claim with
    `raised`, `repaid`, `balance` and `reference`, the memo of the entry that raised it): `params` holds
    `state` (owing — the default —, settled or all) and `department` (code)."""
    if not can_read_fund(user):
        return []
    claim_ids = JournalLine.objects.filter(account=RECEIVABLE).values_list("claim_id", flat=True)
    claims = Claim.objects.filter(pk__in=claim_ids).select_related("department", "person", "klass")
    if department := (params.get("department") or "").strip():
        claims = claims.filter(department__code=department)
    first = JournalEntry.objects.filter(claim_id=OuterRef("pk"), kind=JournalEntry.Kind.RECOVERY).order_by(
        "id"
    )
    claims = claims.annotate(
        reference=Subquery(first.values("memo")[:1]), raised_on=Subquery(first.values("date")[:1])
    ).order_by("-raised_on", "-id")
    rows = list(claims)
    owed = receivables_of([c.pk for c in rows])
    state = (params.get("state") or "owing").strip()
    out = []
    for c in rows:
        figures = owed.get(c.pk, {"raised": ZERO, "repaid": ZERO, "balance": ZERO})
        c.raised, c.repaid, c.balance = figures["raised"], figures["repaid"], figures["balance"]
        if state == "owing" and c.balance <= 0 or state == "settled" and c.balance > 0:
            continue
        out.append(c)
    return out


def payee_owners(claims) -> dict[int, object]:
    """claim id → its payee as it is now (a Person, or the Organisation paid), in two queries."""
    people = Person.objects.in_bulk(
        {c.person_id for c in claims if c.payee_kind == payees.PERSON and c.person_id}
    )
    org_of = {c.pk: c.institution_id if c.payee_kind == "institution" else c.enterprise_id for c in claims}
    orgs = Organisation.objects.in_bulk({i for i in org_of.values() if i})
    return {
        c.pk: people.get(c.person_id) if c.payee_kind == payees.PERSON else orgs.get(org_of[c.pk])
        for c in claims
    }


def failed_payments_visible_to(user) -> QuerySet[PaymentLine]:
    """The failed attempt of every claim still waiting in 支付失败 (its latest attempt)."""
    latest = (
        PaymentLine.objects.filter(claim_id=OuterRef("claim_id"))
        .values("claim_id")
        .annotate(m=Max("attempt"))
        .values("m")
    )
    qs = PaymentLine.objects.filter(
        status=PaymentLine.Status.FAILED, claim__status="payment_failed", attempt=Subquery(latest)
    )
    return scope(qs, user).select_related("batch", "claim__person").order_by("-resolved_on", "-id")


def failed_payments_filtered(user, params, *, id_hash: str = "") -> list[PaymentLine]:
    """The failed-payments list of the page, its export and HR's home tile: `params` holds `corrected`
    (yes/no), `kind` (payee kind) and `q` (payee, payment key or claim number); `id_hash` a searched
    identity number (registry.search). Lines carry their corrections (`with_corrections`)."""
    lines = with_corrections(list(failed_payments_visible_to(user)))
    corrected, kind, q = ((params.get(k) or "").strip() for k in ("corrected", "kind", "q"))
    if corrected in ("yes", "no"):
        lines = [line for line in lines if line.corrected == (corrected == "yes")]
    if kind:
        lines = [line for line in lines if line.claim.payee_kind == kind]
    if id_hash:
        lines = [line for line in lines if line.claim.person and line.claim.person.id_hash == id_hash]
    elif q:
        lines = [line for line in lines if q in line.payee_name or q in line.key or q == str(line.claim_id)]
    return lines


def with_corrections(lines: list[PaymentLine]) -> list[PaymentLine]:
    """Annotate failed lines with the payee's current account and whether it was corrected since the
    failure: `current_account`, `current_display`, `corrected`, `correction` (the audit row, if any)."""
    claims = [line.claim for line in lines]
    owners = payee_owners(claims)
    keys = {}
    for c in claims:
        owner = owners.get(c.pk)
        if owner is not None:
            keys[c.pk] = (owner._meta.label_lower, str(owner.pk))
    changes: dict[tuple[str, str], list[AuditEntry]] = {}
    if keys:
        rows = AuditEntry.objects.filter(
            action__in=ACCOUNT_CHANGES,
            object_type__in={k[0] for k in keys.values()},
            object_id__in={k[1] for k in keys.values()},
        ).order_by("seq")
        for entry in rows:
            if entry.action == "person.update" and "citizen_card" not in entry.changes:
                continue
            changes.setdefault((entry.object_type, entry.object_id), []).append(entry)
    for line in lines:
        owner = owners.get(line.claim_id)
        line.current_account = payees.current_account(line.claim.payee_kind, owner)
        line.current_display = payees.account_display(line.claim.payee_kind, line.current_account)
        line.corrected = line.current_account != line.payee_account
        after = [
            e
            for e in changes.get(keys.get(line.claim_id), [])
            if line.resolved_on is None or e.at.date() >= line.resolved_on
        ]
        line.correction = after[-1] if line.corrected and after else None
        line.owner = owner
    return lines

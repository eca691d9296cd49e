"""Reads of the claim rollup (models_rollup.py), and the same figures computed fresh from the claims.

The rollup answers the district dashboard; `fresh=True` computes the identical rows from `Claim` (the
reference: `skillup rollup --verify`, the tests and benchmarks/bench_dashboard.py compare the two).
District-wide figures for the district roles: the dashboard's view checks the role, as for the claims.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from skillup.subsidies.models import Claim
from skillup.subsidies.models_rollup import ClaimGroupFigure, ClaimMonthFigure

_ZERO = Decimal("0.00")
MONTH_KEY = ("department_id", "month", "scheme", "status", "level")
GROUP_KEY = ("year", "status", "groups")


def month_figures(
    *, high_levels: Iterable[str], approved: Iterable[str], paid: str, reserved: Iterable[str], fresh=False
):
    """Rows of department × scheme × month (`m`), the statuses folded: n (claims of any status),
    person_times and high (approved claims with a person, at any / at a high-skill level), and the amounts
    of the approved, the paid and the reserved claims."""
    levels, approved, reserved = list(high_levels), list(approved), list(reserved)
    if fresh:
        return _fold_statuses(
            _fresh_month_status_rows(levels), approved=approved, paid=paid, reserved=reserved
        )
    return list(
        ClaimMonthFigure.objects.values("department_id", "scheme", m=F("month"))
        .annotate(
            n=Sum("claims"),
            person_times=Sum("people", filter=Q(status__in=approved), default=0),
            high=Sum("people", filter=Q(status__in=approved, level__in=levels), default=0),
            amount_approved=Sum("amount", filter=Q(status__in=approved), default=_ZERO),
            amount_paid=Sum("amount", filter=Q(status=paid), default=_ZERO),
            amount_reserved=Sum("amount", filter=Q(status__in=reserved), default=_ZERO),
        )
        .filter(n__gt=0)
        .order_by()
    )


def _fresh_month_status_rows(levels: list[str]):
    # One scan grouped by status rather than filtered per status (half the time of FILTER clauses per row
    # over a million claims), following the key order of the covering index `claim_figures_cover` and
    # reading no other column (COUNT(*), not COUNT(id)): an index-only scan on PostgreSQL.
    return (
        Claim.objects.annotate(m=TruncMonth("entitlement_date"))
        .values("department_id", "scheme", "status", "m")
        .annotate(
            n=Count("*"),
            person_times=Count("person"),
            amount_sum=Sum("amount"),
            high=Count("person", filter=Q(level__in=levels)),
        )
        .order_by()
    )


def _fold_statuses(rows, *, approved: list[str], paid: str, reserved: list[str]) -> list[dict]:
    out: dict[tuple, dict] = {}
    for r in rows:
        m = _month(r["m"])
        row = out.setdefault(
            (r["department_id"], r["scheme"], m),
            {
                "department_id": r["department_id"],
                "scheme": r["scheme"],
                "m": m,
                "n": 0,
                "person_times": 0,
                "high": 0,
                "amount_approved": _ZERO,
                "amount_paid": _ZERO,
                "amount_reserved": _ZERO,
            },
        )
        amount = _money(r["amount_sum"])
        row["n"] += r["n"]
        if r["status"] in approved:
            row["person_times"] += r["person_times"]
            row["high"] += r["high"]
            row["amount_approved"] += amount
        if r["status"] == paid:
            row["amount_paid"] += amount
        if r["status"] in reserved:
            row["amount_reserved"] += amount
    return list(out.values())


def group_figures(*, year: int, statuses: Iterable[str], fresh: bool = False):
    """Rows of (groups, n): claims of `year` in `statuses` with a person, by the person's target groups."""
    if fresh:
        # Claims side index-only on `claim_status_year_cover` (status, year → person).
        return (
            Claim.objects.filter(status__in=list(statuses), person__isnull=False, year=year)
            .values(groups=F("person__groups"))
            .annotate(n=Count("*"))
            .order_by()
        )
    return (
        ClaimGroupFigure.objects.filter(status__in=list(statuses), year=year)
        .values("groups")
        .annotate(n=Sum("people"))
        .filter(n__gt=0)
        .order_by()
    )


def _money(value) -> Decimal:
    return (value or _ZERO).quantize(Decimal("0.01"))


def _month(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def fresh_month_rows() -> dict[tuple, tuple[int, int, Decimal]]:
    """What every ClaimMonthFigure row must hold, keyed by MONTH_KEY (rows with claims only)."""
    rows = (
        Claim.objects.annotate(month=TruncMonth("entitlement_date"))
        .values("department_id", "month", "scheme", "status", "level")
        .annotate(claims=Count("*"), people=Count("person"), amount=Sum("amount"))
        .order_by()
    )
    return {
        (r["department_id"], _month(r["month"]), r["scheme"], r["status"], r["level"]): (
            r["claims"],
            r["people"],
            _money(r["amount"]),
        )
        for r in rows
    }


def fresh_group_rows() -> dict[tuple, int]:
    """What every ClaimGroupFigure row must hold, keyed by GROUP_KEY (rows with claims only)."""
    rows = (
        Claim.objects.filter(person__isnull=False)
        .values("year", "status", groups=F("person__groups"))
        .annotate(people=Count("*"))
        .order_by()
    )
    return {(r["year"], r["status"], r["groups"]): r["people"] for r in rows}


def stored_month_rows() -> dict[tuple, tuple[int, int, Decimal]]:
    rows = ClaimMonthFigure.objects.values_list(*MONTH_KEY, "claims", "people", "amount")
    return {
        tuple(r[:5]): (r[5], r[6], _money(r[7])) for r in rows if (r[5], r[6], _money(r[7])) != (0, 0, _ZERO)
    }


def stored_group_rows() -> dict[tuple, int]:
    rows = ClaimGroupFigure.objects.values_list(*GROUP_KEY, "people")
    return {tuple(r[:3]): r[3] for r in rows if r[3] != 0}


def differences() -> list[str]:
    """Every row where the rollup differs from the claims, in words (empty when exact). Both sides are read
    in one snapshot: on PostgreSQL a REPEATABLE READ transaction when not called inside one already (SQLite
    serialises writers), so a claim changing meanwhile is never a false difference."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as c:
                c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return compare(fresh_month_rows(), fresh_group_rows())


def compare(months: dict, groups: dict) -> list[str]:
    """The differences between the stored rollup and these fresh rows (`fresh_month_rows`,
    `fresh_group_rows`), in words."""
    found = _compare("月度汇总", months, stored_month_rows(), ("申领数", "人次", "金额"))
    found += _compare(
        "人员类别汇总",
        {k: (v,) for k, v in groups.items()},
        {k: (v,) for k, v in stored_group_rows().items()},
        ("人次",),
    )
    return found


def _compare(table: str, fresh: dict, stored: dict, names: tuple[str, ...]) -> list[str]:
    found = []
    none = (0,) * len(names)
    for key in sorted(set(fresh) | set(stored), key=str):
        want, have = fresh.get(key, none), stored.get(key, none)
        if want != have:
            parts = "，".join(
                f"{n}应为 {w}、实为 {h}" for n, w, h in zip(names, want, have, strict=True) if w != h
            )
            found.append(f"{table} {' / '.join(str(k) for k in key)}：{parts}")
    return found

"""The figures of reports and the dashboard, each a handful of GROUP BY aggregations over claims.

Definitions (docs/architecture.md, "Plans, reports and the dashboard"):
- a claim belongs to the month of its entitlement date (the business date the entitlement arose);
- "approved" means approved at every review step (finance-approved, in a batch, paid, or a payment that
  failed and awaits re-issue); "paid" means status paid;
- a subsidised person-time is an approved claim for a person (claims of enterprises without a named
  trainee, e.g. competitions, carry money but no person-time);
- classes are the approved classes that started in the month; trainees their enrolments; passes the
  results passed and certified in the month.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from skillup.planning import targets
from skillup.policy.catalogue import scheme_names
from skillup.programmes.selectors_projects import report_rows as project_rows
from skillup.registry.groups import TARGET_GROUPS
from skillup.subsidies.models import Claim
from skillup.training.models import Result, TrainingClass

ZERO = Decimal("0.00")
APPROVED = (
    Claim.Status.FINANCE_APPROVED,
    Claim.Status.IN_BATCH,
    Claim.Status.PAID,
    Claim.Status.PAYMENT_FAILED,
)
PAID = Claim.Status.PAID
CLASS_HELD = (TrainingClass.Status.APPROVED, TrainingClass.Status.RUNNING, TrainingClass.Status.FINISHED)
FIGURES = ("person_times", "claims", "amount_approved", "amount_paid")


def claim_measures() -> dict:
    """The conditional aggregates every report and the dashboard share."""
    approved = Q(status__in=APPROVED)
    # Only columns of the covering index `claim_figures_cover` (COUNT(*) and COUNT(person) rather than
    # COUNT(id)), so PostgreSQL answers by an index-only scan. COUNT(person) counts claims with a person.
    return {
        "claims": Count("*"),
        "person_times": Count("person", filter=approved),
        "amount_approved": Sum("amount", filter=approved),
        "amount_paid": Sum("amount", filter=Q(status=PAID)),
    }


def money(value) -> Decimal:
    return (value or ZERO).quantize(Decimal("0.01"))


def month_range(month: dt.date) -> tuple[dt.date, dt.date]:
    return month, targets.next_month(month) - dt.timedelta(days=1)


def _blank_row(scheme: str, names: dict) -> dict:
    return {
        "scheme": scheme,
        "scheme_name": names.get(scheme, scheme),
        "person_times": 0,
        "claims": 0,
        "amount_approved": ZERO,
        "amount_paid": ZERO,
        "classes": 0,
        "trainees": 0,
        "passes": 0,
    }


def monthly(department_ids: list[int] | None, months: list[dt.date]) -> dict[tuple[int, dt.date], dict]:
    """Figures per (department id, month) for many departments and months at once: four queries in all.

    `department_ids=None` means every department. The result maps (department_id, month) to
    {"rows": [per scheme], "groups": [per target group], "totals": {...}}.
    """
    if not months:
        return {}
    first, last = months[0], month_range(months[-1])[1]
    names = scheme_names()
    cells: dict[tuple[int, dt.date], dict[str, dict]] = defaultdict(dict)
    groups: dict[tuple[int, dt.date], dict[str, dict]] = defaultdict(dict)

    def row(key, scheme):
        return cells[key].setdefault(scheme, _blank_row(scheme, names))

    claims = Claim.objects.filter(entitlement_date__range=(first, last))
    classes = TrainingClass.objects.filter(start_date__range=(first, last), status__in=CLASS_HELD)
    results = Result.objects.annotate(
        on=Coalesce("certified_on", "enrolment__klass__end_date"), scheme=F("enrolment__klass__scheme")
    ).filter(passed=True, on__range=(first, last))
    if department_ids is not None:
        claims = claims.filter(department_id__in=department_ids)
        classes = classes.filter(department_id__in=department_ids)
        results = results.filter(enrolment__klass__department_id__in=department_ids)

    for r in (
        claims.annotate(m=TruncMonth("entitlement_date"))
        .values("department_id", "m", "scheme")
        .annotate(**claim_measures())
        .order_by()
    ):
        target = row((r["department_id"], _as_date(r["m"])), r["scheme"])
        for k in FIGURES:
            target[k] = money(r[k]) if k.startswith("amount") else r[k]
    for r in (
        classes.annotate(m=TruncMonth("start_date"))
        .values("department_id", "m", "scheme")
        .annotate(classes=Count("id", distinct=True), trainees=Count("enrolments"))
        .order_by()
    ):
        target = row((r["department_id"], _as_date(r["m"])), r["scheme"])
        target["classes"], target["trainees"] = r["classes"], r["trainees"]
    for r in (
        results.annotate(m=TruncMonth("on"))
        .values("enrolment__klass__department_id", "m", "scheme")
        .annotate(n=Count("id"))
        .order_by()
    ):
        row((r["enrolment__klass__department_id"], _as_date(r["m"])), r["scheme"])["passes"] = r["n"]
    for r in (
        claims.filter(status__in=APPROVED, person__isnull=False)
        .annotate(m=TruncMonth("entitlement_date"))
        .values("department_id", "m", "person__groups")
        .annotate(n=Count("*"), amount=Sum("amount"))
        .order_by()
    ):
        key = (r["department_id"], _as_date(r["m"]))
        for code in _split(r["person__groups"]):
            g = groups[key].setdefault(
                code,
                {
                    "group": code,
                    "group_name": TARGET_GROUPS.get(code, code),
                    "person_times": 0,
                    "amount_approved": ZERO,
                },
            )
            g["person_times"] += r["n"]
            g["amount_approved"] = money(g["amount_approved"] + money(r["amount"]))

    order = list(names)
    out = {}
    for key in set(cells) | set(groups):
        rows = sorted(cells[key].values(), key=lambda x: _index(order, x["scheme"]))
        out[key] = {
            "rows": rows,
            "groups": sorted(groups[key].values(), key=lambda g: _index(list(TARGET_GROUPS), g["group"])),
            "totals": totals(rows),
        }
    return out


def for_month(department_id: int | None, month: dt.date) -> dict:
    """One department's month (or the whole district's when department_id is None), with the programmes of
    第4、5条 it ran that month (programmes/selectors_projects.py: no claims, counted all the same)."""
    first, last = month_range(month)
    if department_id is not None:
        cell = dict(monthly([department_id], [month]).get((department_id, month)) or empty())
        cell["projects"] = project_rows(department_id, first, last)
        return cell
    merged = empty()
    by_scheme: dict[str, dict] = {}
    by_group: dict[str, dict] = {}
    for cell in monthly(None, [month]).values():
        for r in cell["rows"]:
            acc = by_scheme.setdefault(
                r["scheme"], {**r, **{k: 0 for k in r if k not in ("scheme", "scheme_name")}}
            )
            for k in r:
                if k not in ("scheme", "scheme_name"):
                    acc[k] = acc[k] + r[k]
        for g in cell["groups"]:
            acc = by_group.setdefault(g["group"], {**g, "person_times": 0, "amount_approved": ZERO})
            acc["person_times"] += g["person_times"]
            acc["amount_approved"] += g["amount_approved"]
    order = list(scheme_names())
    merged["rows"] = sorted(by_scheme.values(), key=lambda x: _index(order, x["scheme"]))
    merged["groups"] = sorted(by_group.values(), key=lambda g: _index(list(TARGET_GROUPS), g["group"]))
    merged["totals"] = totals(merged["rows"])
    merged["projects"] = project_rows(None, first, last)
    return merged


def empty() -> dict:
    return {"rows": [], "groups": [], "totals": totals([])}


def totals(rows: list[dict]) -> dict:
    keys = ("person_times", "claims", "amount_approved", "amount_paid", "classes", "trainees", "passes")
    out = {k: (ZERO if k.startswith("amount") else 0) for k in keys}
    for r in rows:
        for k in keys:
            out[k] += r.get(k, 0)
    return out


def to_json(figures: dict) -> dict:
    """Decimal → "0.00" strings for the frozen snapshot (JSON has no decimals)."""

    def conv(v):
        if isinstance(v, Decimal):
            return f"{v:.2f}"
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        if isinstance(v, list):
            return [conv(x) for x in v]
        return v

    return conv(figures)


def from_json(figures: dict) -> dict:
    """The snapshot back with Decimal amounts."""

    def conv(v, key=""):
        if isinstance(v, dict):
            return {k: conv(x, k) for k, x in v.items()}
        if isinstance(v, list):
            return [conv(x) for x in v]
        if key.startswith("amount") and isinstance(v, str):
            return Decimal(v)
        return v

    return conv(figures or empty())


def _split(groups: str | None) -> list[str]:
    return [g for g in (groups or "").split(",") if g]


def _index(order: list[str], code: str) -> int:
    return order.index(code) if code in order else len(order)


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def year_by_scheme(department_id: int, year: int, until: dt.date | None = None) -> dict[str, dict]:
    """{scheme: {person_times, claims, amount_approved, amount_paid}} of a department's claims in a year
    (up to `until`), for the plan form's "last year and this year so far" columns. One query."""
    last = dt.date(year, 12, 31) if until is None else min(until, dt.date(year, 12, 31))
    out = {}
    rows = (
        Claim.objects.filter(department_id=department_id, entitlement_date__range=(dt.date(year, 1, 1), last))
        .values("scheme")
        .annotate(**claim_measures())
        .order_by()
    )
    for r in rows:
        out[r["scheme"]] = {k: money(r[k]) if k.startswith("amount") else r[k] for k in FIGURES}
    return out


def for_year(department_id: int, year: int) -> dict:
    """A department's year for its annual report (第19条 年报): the sum of its twelve months as
    `monthly()` counts them (same definitions, same four queries), a row per month, and the programmes of
    第4、5条 it ran in the year."""
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    cells = monthly([department_id], months)
    names = scheme_names()
    by_scheme: dict[str, dict] = {}
    by_group: dict[str, dict] = {}
    per_month = []
    for month in months:
        cell = cells.get((department_id, month)) or empty()
        per_month.append({"month": month.isoformat(), **cell["totals"]})
        for r in cell["rows"]:
            acc = by_scheme.setdefault(r["scheme"], _blank_row(r["scheme"], names))
            for k in r:
                if k not in ("scheme", "scheme_name"):
                    acc[k] = acc[k] + r[k]
        for g in cell["groups"]:
            acc = by_group.setdefault(g["group"], {**g, "person_times": 0, "amount_approved": ZERO})
            acc["person_times"] += g["person_times"]
            acc["amount_approved"] += g["amount_approved"]
    rows = sorted(by_scheme.values(), key=lambda x: _index(list(names), x["scheme"]))
    return {
        "rows": rows,
        "groups": sorted(by_group.values(), key=lambda g: _index(list(TARGET_GROUPS), g["group"])),
        "totals": totals(rows),
        "months": per_month,
        "projects": project_rows(department_id, dt.date(year, 1, 1), dt.date(year, 12, 31)),
    }

"""The district dashboard: progress against the programme's targets, in five GROUP BY queries.

The claim queries read only columns of the covering indexes on `subsidies.Claim` (index-only scans on
PostgreSQL; see docs/architecture.md) — keep it so when adding a figure, or add the column to the index.

1. claims by department × month × scheme × status (person-times, amounts, high-skill person-times);
2. approved person-times of the selected year by the person's target groups;
3. distinct people in the elite programme;
4. planned person-times and budgets per department for the year (small tables);
5. the skill statistics HR entered (small table).
Overdue plans and reports come from `selectors.overdue_*` (two small queries). No per-claim Python.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from skillup.fund.budgets import RESERVED
from skillup.fund.models import Budget
from skillup.planning import selectors, targets
from skillup.planning.figures import APPROVED, PAID, ZERO, _as_date, _split, money
from skillup.planning.models import SkillStatistic
from skillup.policy.catalogue import scheme_names
from skillup.registry.groups import TARGET_GROUPS
from skillup.registry.models import Organisation
from skillup.subsidies.models import Claim


def _ratio(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def build(*, year: int, today: dt.date) -> dict:
    high_levels = targets.high_skill_levels()
    approved = Q(status__in=APPROVED)
    # One scan, grouped by status rather than filtered per status: a few thousand groups, the statuses
    # folded below (half the time of five FILTER clauses per row). The grouping follows the key order of
    # the covering index `claim_figures_cover` and reads no other column (COUNT(*), not COUNT(id)), so
    # PostgreSQL answers by an index-only scan, already sorted but for the month (incremental sort).
    rows = (
        Claim.objects.annotate(m=TruncMonth("entitlement_date"))
        .values("department_id", "scheme", "status", "m")
        .annotate(
            n=Count("*"),
            people=Count("person"),
            amount_sum=Sum("amount"),
            high=Count("person", filter=Q(level__in=high_levels)),
        )
        .order_by()
    )
    approved_set, reserved_set = set(APPROVED), set(RESERVED)
    by_year: dict[int, int] = defaultdict(int)
    by_month: dict[dt.date, int] = defaultdict(int)
    by_scheme: dict[str, dict] = {}
    by_dept: dict[int, dict] = {}
    total = {"person_times": 0, "claims": 0, "amount_approved": ZERO, "amount_paid": ZERO, "high_skill": 0}
    high_by_year: dict[int, int] = defaultdict(int)
    for r in rows:
        m = _as_date(r["m"])
        is_approved = r["status"] in approved_set
        pt = r["people"] if is_approved else 0
        hs = r["high"] if is_approved else 0
        amount = money(r["amount_sum"])
        approved_amount = amount if is_approved else ZERO
        paid = amount if r["status"] == PAID else ZERO
        reserved = amount if r["status"] in reserved_set else ZERO
        by_year[m.year] += pt
        by_month[m] += pt
        high_by_year[m.year] += hs
        s = by_scheme.setdefault(r["scheme"], {"person_times": 0, "amount_approved": ZERO})
        s["person_times"] += pt
        s["amount_approved"] += approved_amount
        d = by_dept.setdefault(
            r["department_id"],
            {
                "person_times": 0,
                "year_person_times": 0,
                "year_approved": ZERO,
                "year_paid": ZERO,
                "year_reserved": ZERO,
            },
        )
        d["person_times"] += pt
        if m.year == year:
            d["year_person_times"] += pt
            d["year_approved"] += approved_amount
            d["year_paid"] += paid
            d["year_reserved"] += reserved
        total["person_times"] += pt
        total["claims"] += r["n"]
        total["amount_approved"] += approved_amount
        total["amount_paid"] += paid
        total["high_skill"] += hs

    # Target groups need each claim's person: the join is the costly part, so it covers the selected year.
    # Claims side: index-only on `claim_status_year_cover` (status, year → person).
    group_rows = (
        Claim.objects.filter(approved, person__isnull=False, year=year)
        .values("person__groups")
        .annotate(n=Count("*"))
        .order_by()
    )
    by_group: dict[str, int] = defaultdict(int)
    for r in group_rows:
        for code in _split(r["person__groups"]):
            by_group[code] += r["n"]

    elite_people = (
        Claim.objects.filter(approved, scheme=targets.elite_scheme(), person__isnull=False)
        .values("person_id")
        .distinct()
        .count()
    )

    planned = dict(
        selectors.counted_plan_lines(year)
        .values("plan__department_id")
        .annotate(planned=Sum("person_times"))
        .values_list("plan__department_id", "planned")
        .order_by()
    )
    # The budget the claim-approval check uses: the acknowledged plan's (or HR's before plans existed).
    budgets = dict(Budget.objects.filter(year=year).values_list("department_id", "amount"))
    orgs = {
        o.pk: o
        for o in Organisation.objects.filter(Q(kind="department") | Q(pk__in=list(by_dept))).order_by("code")
    }
    departments = []
    for pk, org in orgs.items():
        d = by_dept.get(
            pk,
            {
                "person_times": 0,
                "year_person_times": 0,
                "year_approved": ZERO,
                "year_paid": ZERO,
                "year_reserved": ZERO,
            },
        )
        # Without a plan that counts the page says "未备案计划" rather than a placeholder amount.
        has_plan = pk in planned
        budget = budgets.get(pk) if has_plan else None
        departments.append(
            {
                "department": org,
                "code": org.code,
                "name": org.label,
                "person_times": d["person_times"],
                "year_person_times": d["year_person_times"],
                "planned": planned.get(pk, 0),
                "has_plan": has_plan,
                "budget": budget,
                "year_approved": money(d["year_approved"]),
                "year_paid": money(d["year_paid"]),
                "year_reserved": money(d["year_reserved"]),
                "budget_used": _ratio(d["year_reserved"], budget) if budget else None,
            }
        )
    departments.sort(key=lambda x: (-x["person_times"], x["code"]))

    names = scheme_names()
    schemes = sorted(
        (
            {
                "scheme": c,
                "name": names.get(c, c),
                "person_times": v["person_times"],
                "amount_approved": money(v["amount_approved"]),
            }
            for c, v in by_scheme.items()
        ),
        key=lambda x: -x["person_times"],
    )
    target = targets.person_times_target()
    months = targets.months_between(min(by_month), max(by_month)) if by_month else []
    cumulative, running = [], 0
    for m in months:
        running += by_month.get(m, 0)
        cumulative.append(running)
    ratios, ratio_targets = skill_ratios()
    return {
        "year": year,
        "today": today,
        "target": target,
        "total": {
            **total,
            "amount_approved": money(total["amount_approved"]),
            "amount_paid": money(total["amount_paid"]),
        },
        "progress": _ratio(total["person_times"], target),
        "by_year": [
            {"year": y, "person_times": by_year.get(y, 0), "high_skill": high_by_year.get(y, 0)}
            for y in targets.years()
        ],
        "trend": {
            "months": [f"{m:%Y-%m}" for m in months],
            "monthly": [by_month.get(m, 0) for m in months],
            "cumulative": cumulative,
        },
        "departments": departments,
        "schemes": schemes,
        "groups": sorted(
            ({"group": c, "name": TARGET_GROUPS.get(c, c), "person_times": n} for c, n in by_group.items()),
            key=lambda g: -g["person_times"],
        ),
        "elite": {
            "people": elite_people,
            "target": targets.elite_target(),
            "progress": _ratio(elite_people, targets.elite_target()),
        },
        "high_skill": {"person_times": total["high_skill"], "levels": targets.high_skill_levels()},
        "ratios": ratios,
        "ratio_targets": ratio_targets,
    }


def skill_ratios() -> tuple[list[dict], dict]:
    """The skill ratios per year from the figures HR entered, against the targets of section 一."""
    stats = list(SkillStatistic.objects.order_by("year"))
    skilled_t, high_t = targets.ratio_target("skilled_ratio"), targets.ratio_target("high_skilled_ratio")
    ratios = [
        {
            "year": s.year,
            "employed": s.employed,
            "skilled": s.skilled,
            "high_skilled": s.high_skilled,
            "skilled_ratio": _ratio(s.skilled, s.employed),
            "high_skilled_ratio": _ratio(s.high_skilled, s.skilled),
        }
        for s in stats
    ]
    for r in ratios:
        r["skilled_met"] = r["skilled_ratio"] is not None and r["skilled_ratio"] >= skilled_t["target"]
        r["high_met"] = r["high_skilled_ratio"] is not None and r["high_skilled_ratio"] > high_t["target"]
    return ratios, {"skilled": skilled_t, "high_skilled": high_t}

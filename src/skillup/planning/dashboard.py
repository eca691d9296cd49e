"""The district dashboard: progress against the programme's targets, in five GROUP BY queries.

The claim figures come from their monthly rollup (`subsidies.models_rollup`, kept exact by database
triggers in the transaction that changes a claim; docs/architecture.md, "Dashboard"):
1. claims by department × month × scheme × status (person-times, amounts, high-skill person-times), from
   the rollup by level;
2. approved person-times of the selected year by the person's target groups, from the rollup by groups;
3. distinct people in the elite programme: live, as a DISTINCT cannot be rolled up additively — it reads
   only columns of a covering index on `subsidies.Claim` (an index-only scan on PostgreSQL); keep it so;
4. planned person-times and budgets per department for the year (small tables);
5. the skill statistics HR entered (small table).
Overdue plans and reports come from `selectors.overdue_*` (two small queries). No per-claim Python.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum

from skillup.fund.budgets import RESERVED
from skillup.fund.models import Budget
from skillup.planning import selectors, targets
from skillup.planning.figures import APPROVED, PAID, ZERO, _as_date, _split, money
from skillup.planning.models import SkillStatistic
from skillup.policy.catalogue import scheme_names
from skillup.registry.groups import TARGET_GROUPS
from skillup.registry.models import Organisation
from skillup.subsidies import selectors_rollup
from skillup.subsidies.models import Claim


def _ratio(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def build(*, year: int, today: dt.date, fresh: bool = False) -> dict:
    """The dashboard's figures. `fresh=True` computes the claim figures from the claims themselves rather
    than from their rollup — the same figures, slower; the tests and the benchmark compare the two."""
    # Department × scheme × month, the statuses folded, a few thousand rows. The high-skill levels are
    # applied when reading (the rollup keeps every level), so changing them needs no rebuild.
    rows = selectors_rollup.month_figures(
        high_levels=targets.high_skill_levels(), approved=APPROVED, paid=PAID, reserved=RESERVED, fresh=fresh
    )
    by_year: dict[int, int] = defaultdict(int)
    by_month: dict[dt.date, int] = defaultdict(int)
    by_scheme: dict[str, dict] = {}
    by_dept: dict[int, dict] = {}
    total = {"person_times": 0, "claims": 0, "amount_approved": ZERO, "amount_paid": ZERO, "high_skill": 0}
    high_by_year: dict[int, int] = defaultdict(int)
    for r in rows:
        m = _as_date(r["m"])
        pt, hs = r["person_times"], r["high"]
        approved_amount = money(r["amount_approved"])
        paid, reserved = money(r["amount_paid"]), money(r["amount_reserved"])
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

    # Approved person-times of the selected year by the person's target groups (rolled up by groups).
    group_rows = selectors_rollup.group_figures(year=year, statuses=APPROVED, fresh=fresh)
    by_group: dict[str, int] = defaultdict(int)
    for r in group_rows:
        for code in _split(r["groups"]):
            by_group[code] += r["n"]

    # Distinct people cannot be summed from a rollup: counted live, by an index-only scan of
    # `claim_status_year_cover` (tens of milliseconds at a million claims; docs/architecture.md).
    elite_people = (
        Claim.objects.filter(status__in=APPROVED, scheme=targets.elite_scheme(), person__isnull=False)
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
        key=lambda x: (-x["person_times"], x["scheme"]),
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
            key=lambda g: (-g["person_times"], g["group"]),
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

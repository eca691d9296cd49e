"""The qualification registers of 第10条 read as programmes: the skill-level recognition pilot enterprises
by year against "逐年新增3-4家", the high-skill demonstration enterprises, and the chief technicians with
their term and the months of allowance already used.

One register, not two: every row is the registry's (`registry.Recognition`, `registry.ChiefTechnician`,
kept on the page 企业资格) — the same rows the claim checks read (subsidies/preconditions.py). This module
only adds what needs the claims: months used of the 36-month term (the catalogue's `term_months`)."""

from collections import defaultdict
from functools import cache
from pathlib import Path

import yaml
from django.db.models import Count

from skillup.core.clock import today
from skillup.policy.catalogue import default_catalogue
from skillup.registry.models_facts import Recognition
from skillup.registry.selectors_facts import chiefs_visible_to, recognitions_visible_to
from skillup.subsidies.checks import INACTIVE
from skillup.subsidies.models import Claim

DATA = Path(__file__).parent / "data" / "registers.yaml"
CHIEF_SCHEME = "chief_technician_allowance"


@cache
def targets() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def pilot_years(user) -> list[dict]:
    """Per year: the enterprises that joined the pilots, how many, the cumulative count and whether the
    year met "逐年新增3-4家" (years from `first_year` up to the business year; earlier pilots count as the base)."""
    goal = targets()["pilot_growth"]
    rows = (
        recognitions_visible_to(user).filter(kind=Recognition.Kind.PILOT).order_by("year", "enterprise__name")
    )
    by_year: dict[int, list] = defaultdict(list)
    for r in rows:
        by_year[r.year or r.valid_from.year].append(r)
    years = sorted(set(by_year) | set(range(goal["first_year"], today().year + 1)))
    total, out = 0, []
    for year in years:
        joined = by_year.get(year, [])
        total += len(joined)
        due = year >= goal["first_year"]
        out.append(
            {
                "year": year,
                "joined": joined,
                "count": len(joined),
                "total": total,
                "due": due,
                "met": (not due) or len(joined) >= goal["per_year_min"],
                "missing": max(goal["per_year_min"] - len(joined), 0),
                "current": year == today().year,
            }
        )
    return out


def high_skill_enterprises(user):
    return (
        recognitions_visible_to(user)
        .filter(kind=Recognition.Kind.HIGH_SKILL_DEMO)
        .annotate(chiefs=Count("enterprise__chief_technicians", distinct=True))
        .order_by("enterprise__name", "-valid_from")
    )


def term_months(on=None) -> int | None:
    """The chief technician allowance's term in months (第10条: 1000 a month, at most 36), from the catalogue
    entry in force on the date."""
    on = on or today()
    for entry in default_catalogue().scheme(CHIEF_SCHEME).standards:
        if entry.valid_from <= on and (entry.valid_to is None or on <= entry.valid_to):
            return entry.term_months
    return None


def chief_technicians(user) -> list[dict]:
    """Each filing with the months of allowance claimed (claims that still count: not rejected or refused,
    eligible) for that person at that enterprise, and the months left of the term."""
    chiefs = list(chiefs_visible_to(user).order_by("enterprise__name", "-valid_from"))
    used: dict[tuple[int, int], int] = defaultdict(int)
    claims = Claim.objects.filter(
        scheme=CHIEF_SCHEME, eligible=True, person_id__in={c.person_id for c in chiefs}
    ).exclude(status__in=INACTIVE)
    for person_id, enterprise_id, facts in claims.values_list("person_id", "enterprise_id", "facts"):
        try:
            used[(person_id, enterprise_id)] += int((facts or {}).get("months") or 0)
        except (TypeError, ValueError):
            continue
    term = term_months()
    out = []
    for c in chiefs:
        months = used.get((c.person_id, c.enterprise_id), 0)
        out.append(
            {"chief": c, "used": months, "term": term, "left": max(term - months, 0) if term else None}
        )
    return out

"""The programme's targets, deadlines and evaluation weights, read from data/targets.yaml.

Deadlines are computed here so that every page, reminder and score uses the same calendar.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from skillup.policy.catalogue import default_catalogue

DATA = Path(__file__).parent / "data" / "targets.yaml"


@cache
def data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def programme() -> dict:
    return data()["programme"]


def years() -> list[int]:
    return list(programme()["years"])


def person_times_target() -> int:
    return int(programme()["person_times"]["target"])


def elite_target() -> int:
    return int(programme()["elite"]["target"])


def elite_scheme() -> str:
    return programme()["elite"]["scheme"]


def high_skill_levels() -> list[str]:
    return list(programme()["high_skill"]["levels"])


def ratio_target(name: str) -> dict:
    raw = programme()[name]
    return {**raw, "target": Decimal(str(raw["target"]))}


def first_report_month() -> dt.date:
    year, month = (int(x) for x in str(programme()["reports_from"]).split("-"))
    return dt.date(year, month, 1)


def plan_due(year: int) -> dt.date:
    """31 January of the plan's year (annex 3 四); the first year's plan is due after the plan's issue."""
    rule = data()["deadlines"]["plan"]
    first = rule.get("first_year") or {}
    if first and int(first["year"]) == year:
        due = first["due"]
        return due if isinstance(due, dt.date) else dt.date.fromisoformat(str(due))
    return dt.date(year, int(rule["month"]), int(rule["day"]))


def annual_report_due(year: int) -> dt.date:
    """The end of January after the reported year (第19条 年报; date read from 附件3 四, see the yaml)."""
    rule = data()["deadlines"]["annual_report"]
    return dt.date(year + 1, int(rule["month"]), int(rule["day"]))


def annual_report_years(today: dt.date) -> list[int]:
    """The years that have ended by `today` and are reported on (from the first annual report's year)."""
    first = int(data()["deadlines"]["annual_report"]["first_year"])
    return [y for y in years() if first <= y < today.year]


def report_due(month: dt.date) -> dt.date:
    """The 5th of the month after the reported month (annex 3 三)."""
    nxt = next_month(month)
    return nxt.replace(day=int(data()["deadlines"]["report"]["day"]))


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def previous_month(month: dt.date) -> dt.date:
    return dt.date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every first-of-month from `first` to `last` inclusive."""
    out, m = [], month_start(first)
    while m <= last:
        out.append(m)
        m = next_month(m)
    return out


def reportable_months(today: dt.date) -> list[dt.date]:
    """Months that have ended by `today`: the ones a department may report on."""
    return months_between(first_report_month(), previous_month(month_start(today)))


def due_months(today: dt.date, year: int | None = None) -> list[dt.date]:
    """Months whose report deadline has passed by `today` (optionally within one year)."""
    months = [m for m in reportable_months(today) if report_due(m) < today]
    return [m for m in months if year is None or m.year == year]


def reminders() -> dict:
    return data()["reminders"]


@dataclass(frozen=True)
class Weights:
    plan_completion: Decimal
    timeliness: Decimal
    budget_execution: Decimal
    integrity: Decimal

    def items(self):
        return [
            (k, getattr(self, k)) for k in ("plan_completion", "timeliness", "budget_execution", "integrity")
        ]


def evaluation() -> dict:
    return data()["evaluation"]


def weights() -> Weights:
    raw = evaluation()["weights"]
    return Weights(**{k: Decimal(str(v)) for k, v in raw.items()})


def uplift_cap(scheme: str, year: int) -> Decimal:
    """The highest uplift rate (as a percentage) the catalogue allows for a scheme during a year; 0 if none."""
    cat = default_catalogue()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    best = Decimal("0")
    for uplift in cat.uplifts.values():
        if scheme not in uplift.applies_to:
            continue
        for entry in uplift.rates:
            lo = entry.valid_from or dt.date.min
            hi = entry.valid_to or dt.date.max
            if lo <= end and hi >= start and entry.rate is not None:
                best = max(best, entry.rate * 100)
    return best


def scheme_in_force(scheme: str, year: int) -> bool:
    """Whether any standard of the scheme applies on some day of the year."""
    s = default_catalogue().scheme(scheme)
    if s is None:
        return False
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for entry in s.all_entries():
        lo = entry.valid_from or dt.date.min
        hi = entry.valid_to or dt.date.max
        if lo <= end and hi >= start:
            return True
    return False

"""The policy calculator (第21条: workers find and use the policy easily): a citizen's plain answers → every
subsidy of the plan they could receive, with amounts, conditions and clauses.

Nothing is written out by hand: each scheme of the catalogue a person can benefit from is quoted by the
policy engine for the person described (their groups, a pension, the certificates they hold as history)
at each of its levels or kinds, with the most the scheme pays: hours, months and cost taken from the
catalogue's own entries (an "up to" scheme is quoted at its ceiling, and the page says "不超过实际培训费").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from skillup.core import clock
from skillup.policy import Claim, HistoryItem, Person, quote
from skillup.policy.catalogue import Scheme, default_catalogue
from skillup.policy.model import LEVELS
from skillup.subsidies.checks import REFUSAL_NAMES

# The situations a citizen picks from, as the engine's group codes (QUOTE.md), plus a pension (第14条).
PENSION = "pension"


def situations() -> list[tuple[str, str]]:
    return [*default_catalogue().groups.items(), (PENSION, "已退休并按月领取养老金")]


@dataclass
class Variant:
    label: str  # the level or kind, or ""
    eligible: bool
    amount: Decimal
    basis: list[tuple[str, str]]
    refusals: list[str]


@dataclass
class Answer:
    code: str
    name: str
    clause: str
    payee: str
    up_to_cost: bool  # "不超过实际培训费"
    per_unit: str  # "天" for a per-day scheme quoted for one day, else ""
    variants: list[Variant] = field(default_factory=list)

    @property
    def eligible(self) -> list[Variant]:
        return [v for v in self.variants if v.eligible]

    @property
    def best(self) -> Decimal:
        return max((v.amount for v in self.eligible), default=Decimal("0.00"))


@dataclass(frozen=True)
class Question:
    age: int | None = None
    situations: tuple[str, ...] = ()
    held: tuple[tuple[str, str], ...] = ()  # certificates held: (occupation, level)
    occupation: str = ""
    level: str = ""


def citizen_schemes() -> list[Scheme]:
    """Schemes a person benefits from: the personal training subsidies (第20条) and those paid to a person,
    except what only an enterprise applies for."""
    return [
        s
        for s in default_catalogue().schemes_by_code.values()
        if s.personal or (s.payee == "person" and s.applicant != "enterprise")
    ]


def _entries(scheme: Scheme, on: dt.date):
    return [e for e in scheme.all_entries() if e.covers(on)]


def _ample_cost() -> Decimal:
    """A cost no ceiling of the catalogue is above, so an "up to" scheme is quoted at its ceiling."""
    cat = default_catalogue()
    values = [
        v for s in cat.schemes_by_code.values() for e in s.all_entries() for v in (e.amount, e.cap) if v
    ]
    return max(values, default=Decimal("0")) * 2


def _person(q: Question, on: dt.date) -> Person:
    birth = None
    if q.age is not None:
        try:
            birth = on.replace(year=on.year - q.age)
        except ValueError:  # 29 February
            birth = on.replace(year=on.year - q.age, day=28)
    groups = tuple(s for s in q.situations if s != PENSION)
    return Person(birth_date=birth, groups=groups, pension=PENSION in q.situations)


def history_of(q: Question, on: dt.date) -> tuple[HistoryItem, ...]:
    """Certificates held count as subsidised earlier (this year is never assumed: only the repeat rule
    reads them, so a certificate held is not subsidised again at the same level, 第20条)."""
    day = on.replace(year=on.year - 1, month=1, day=1)
    return tuple(
        HistoryItem("vocational_certificate", day, occupation or None, level or None)
        for occupation, level in q.held
    )


def _claim(scheme: Scheme, q: Question, on: dt.date, level: str | None, kind: str | None) -> Claim:
    entries = _entries(scheme, on)
    hours = max([e.hours or 0 for e in entries] + [e.max_units or 0 for e in entries if e.per == "hours"])
    months = max([e.months or 0 for e in entries] + [e.max_units or 0 for e in entries if e.per == "months"])
    days = max([e.max_units or 0 for e in entries if e.per == "days"], default=0) or 1
    needs = set(scheme.needs) | set(scheme.needs_for_levels)  # {field: [levels it is needed at]}
    return Claim(
        scheme=scheme.code,
        date=on,
        occupation=(q.occupation or None) if "occupation" in needs else None,
        level=level,
        hours=hours or None if "hours" in needs else None,
        cost=_ample_cost() if "cost" in needs else None,
        kind=kind,
        days=days if "days" in needs else None,
        months=months or None if "months" in needs else None,
        year_of_scheme=1 if "year_of_scheme" in needs else None,
        person=_person(q, on),
    )


def answer(q: Question, on: dt.date | None = None) -> list[Answer]:
    """Every scheme for the person described, eligible ones first (most first)."""
    on = on or clock.today()
    cat = default_catalogue()
    history = history_of(q, on)
    found = []
    for scheme in citizen_schemes():
        if "occupation" in scheme.needs and not q.occupation:
            continue  # what they want to learn decides it: asked on the page
        levels: list[str | None] = list(scheme.levels) or [None]
        if q.level and q.level in scheme.levels:
            levels = [q.level]
        kinds: list[str | None] = list(scheme.kinds) or [None]
        per_day = any(e.per == "days" and not e.max_units for e in _entries(scheme, on))
        result = Answer(
            code=scheme.code,
            name=scheme.name_zh,
            clause=scheme.clause,
            payee=cat.payees.get(scheme.payee, scheme.payee),
            up_to_cost="cost" in scheme.needs,
            per_unit="天" if per_day else "",
        )
        for level in levels:
            for kind in kinds:
                decision = quote(_claim(scheme, q, on, level, kind), history)
                label = " ".join(x for x in (level, scheme.kinds.get(kind or "", kind or "")) if x)
                result.variants.append(
                    Variant(
                        label=label,
                        eligible=decision.eligible,
                        amount=decision.amount,
                        basis=[(b.clause, b.detail) for b in decision.basis],
                        refusals=[REFUSAL_NAMES.get(r) or r for r in decision.refusals],
                    )
                )
        found.append(result)
    found.sort(key=lambda a: (not a.eligible, -a.best))
    return found


def parse_held(text: str) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """ "焊工 中级；电工 初级" → ((焊工, 中级), (电工, 初级)), and the problems in Chinese."""
    held, problems = [], []
    for raw in text.replace("；", ";").replace("，", ";").replace(",", ";").replace("\n", ";").split(";"):
        part = raw.strip()
        if not part:
            continue
        words = part.split()
        if len(words) != 2 or words[1] not in LEVELS:
            problems.append(f"“{part}”应写成“职业 等级”，如“焊工 中级”；等级为 {'、'.join(LEVELS)} 之一")
            continue
        held.append((words[0], words[1]))
    return tuple(held), problems

"""The facts a quote is made from and the decision it gives: immutable, so decisions can be shared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# 附件2: certificate levels (国家职业资格) and skill levels (职业技能等级), the only level names a claim may use.
CERTIFICATE_LEVELS = ("初级", "中级", "高级", "技师", "高级技师")
SKILL_LEVELS = ("五级", "四级", "三级", "二级", "一级")
LEVELS = CERTIFICATE_LEVELS + SKILL_LEVELS


@dataclass(frozen=True, slots=True)
class Person:
    """The trainee. Only `groups` and `pension` change an answer; the rest is carried for the record."""

    birth_date: dt.date | None = None
    sex: str | None = None
    groups: tuple[str, ...] = ()
    pension: bool = False


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim in the QUOTE.md input shape (without its id, which belongs to the caller)."""

    scheme: str
    date: dt.date
    occupation: str | None = None
    level: str | None = None
    hours: int | None = None
    cost: Decimal | None = None
    uplifts: tuple[str, ...] = ()
    kind: str | None = None
    days: int | None = None
    months: int | None = None
    year_of_scheme: int | None = None
    out_of_province: bool | None = None
    ui_premiums_last_year: Decimal | None = None
    person: Person = Person()


@dataclass(frozen=True, slots=True)
class HistoryItem:
    """An earlier subsidy of the same person or enterprise (QUOTE.md `history`, amendment 1).

    `amount` is what that subsidy was worth (None: the scheme's full standard is assumed, amendment 1);
    `kind` is the scheme's kind where it has kinds (e.g. new_apprenticeship employee/student)."""

    scheme: str
    date: dt.date
    occupation: str | None = None
    level: str | None = None
    months: int | None = None
    amount: Decimal | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class BasisItem:
    """One rule applied: its name, the clause it comes from, and in plain Chinese why and with what values."""

    rule: str
    clause: str
    detail: str


@dataclass(frozen=True, slots=True)
class Decision:
    eligible: bool
    amount: Decimal
    refusals: tuple[str, ...]
    basis: tuple[BasisItem, ...]

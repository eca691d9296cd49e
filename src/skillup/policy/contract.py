"""The quote contract (QUOTE.md): one JSON object in, a Claim and its history out; a Decision back to JSON.

Every malformed input raises ContractError naming the field, e.g. "date: 日期格式应为 YYYY-MM-DD".
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from collections.abc import Mapping
from decimal import Decimal
from itertools import repeat
from operator import call
from typing import Any

import orjson

from .catalogue import Catalogue, default_catalogue
from .catalogue.schemes import Scheme
from .model import LEVELS, Claim, Decision, HistoryItem, Person
from .money import parse_decimal

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEXES = ("男", "女")


class ContractError(ValueError):
    """Input that breaks the contract; `field` is the offending field (dotted for nested ones)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


_DATES: dict[str, dt.date] = {}  # every valid date string seen (a few thousand in a run)


def _date(value: Any, field: str) -> dt.date:
    if type(value) is str:
        known = _DATES.get(value)
        if known is not None:
            return known
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ContractError(field, "日期格式应为 YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ContractError(field, f"不是有效日期 {value}") from None
    if len(_DATES) < 100_000:
        _DATES[value] = day
    return day


def _int(value: Any, field: str) -> int:
    if (
        type(value) is int and value >= 0
    ):  # the common case first (bool is not int here: type, not isinstance)
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ContractError(field, "应为非负整数")
    return value


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = parse_decimal(value)
    except ValueError as exc:
        raise ContractError(field, str(exc)) from None
    if amount < 0:
        raise ContractError(field, "不能为负数")
    return amount


def _text(value: Any, field: str) -> str:
    if type(value) is str:
        text = value.strip()
        if text:
            return text
    if not isinstance(value, str) or not value.strip():
        raise ContractError(field, "应为非空字符串")
    return value.strip()


def _level(value: Any, field: str) -> str:
    if value not in LEVELS:
        raise ContractError(field, f"应为 {' '.join(LEVELS)} 之一")
    return str(value)


def _bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise ContractError(field, "应为 true 或 false")
    return value


_PEOPLE: dict[tuple[int, bytes], Person] = {}  # (catalogue, the person object's JSON) → its Person


def _person(raw: Any, cat: Catalogue) -> Person:
    """A person object → Person; the same object (same fields, types and values: its JSON) gives the same
    Person at once. A value JSON cannot hold (a Decimal from a line with fractions) parses the long way."""
    if type(raw) is dict:
        try:
            key = (id(cat), orjson.dumps(raw))
        except TypeError:
            return _parse_person(raw, cat)
        known = _PEOPLE.get(key)
        if known is None:
            known = _parse_person(raw, cat)
            if len(_PEOPLE) < 100_000:
                _PEOPLE[key] = known
        return known
    return _parse_person(raw, cat)


def _parse_person(raw: Any, cat: Catalogue) -> Person:
    if raw is None:
        return Person()
    if not isinstance(raw, Mapping):
        raise ContractError("person", "应为对象")
    birth = raw.get("birth_date")
    sex = raw.get("sex")
    if sex is not None and sex not in _SEXES:
        raise ContractError("person.sex", "应为 男 或 女")
    groups = raw.get("groups") or []
    if not isinstance(groups, list):
        raise ContractError("person.groups", "应为人员类别代码列表")
    for i, group in enumerate(groups):
        if group not in cat.groups:
            raise ContractError(f"person.groups[{i}]", f"未知人员类别 {group!r}")
    pension = raw.get("pension")
    return Person(
        birth_date=None if birth is None else _date(birth, "person.birth_date"),
        sex=sex,
        groups=tuple(sorted(set(groups))),
        pension=False if pension is None else _bool(pension, "person.pension"),
    )


def _history(raw: Any, cat: Catalogue) -> tuple[HistoryItem, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ContractError("history", "应为列表")
    items = []
    for i, item in enumerate(raw):
        where = f"history[{i}]"
        if not isinstance(item, Mapping):
            raise ContractError(where, "应为对象")
        scheme = item.get("scheme")
        if scheme not in cat.schemes_by_code:
            raise ContractError(f"{where}.scheme", f"未知补贴项目 {scheme!r}")
        occupation, level, months = item.get("occupation"), item.get("level"), item.get("months")
        amount, kind = item.get("amount"), item.get("kind")
        items.append(
            HistoryItem(
                scheme=scheme,
                date=_date(item.get("date"), f"{where}.date"),
                occupation=None if occupation is None else _text(occupation, f"{where}.occupation"),
                level=None if level is None else _level(level, f"{where}.level"),
                months=None if months is None else _int(months, f"{where}.months"),
                amount=None if amount is None else _money(amount, f"{where}.amount"),
                kind=None if kind is None else _history_kind(kind, cat.schemes_by_code[scheme], where),
            )
        )
    return tuple(items)


def _history_kind(raw: Any, scheme: Scheme, where: str) -> str:
    kind = _text(raw, f"{where}.kind")
    if scheme.kinds and kind not in scheme.kinds:
        raise ContractError(f"{where}.kind", f"{scheme.code} 的 kind 应为 {' / '.join(scheme.kinds)}")
    return kind


def _uplifts(raw: Any, cat: Catalogue) -> tuple[str, ...]:
    if raw is None:
        return ()
    if type(raw) is str and raw in cat.uplifts:  # one code, as most lines give it
        return (raw,)
    codes = raw if isinstance(raw, list) else [raw]
    for code in codes:
        if code not in cat.uplifts:
            raise ContractError("uplift", f"应为 {' 或 '.join(cat.uplifts)}")
    return tuple(dict.fromkeys(codes))


def _kind(raw: Any, scheme: Scheme) -> str | None:
    if raw is None:
        return None
    kind = _text(raw, "kind")
    if scheme.kinds and kind not in scheme.kinds:
        raise ContractError("kind", f"{scheme.code} 的 kind 应为 {' / '.join(scheme.kinds)}")
    return kind


# Claim's fields in order, and the setter of each slot. `_claim(values)` is `Claim(*values)` without the
# frozen dataclass's __init__ (one object.__setattr__ call per field in Python): the slots are filled by one
# C-level map — the quote CLI builds a Claim per input line (issue 16 item 1). The same object either way:
# tests/policy/test_cli_fast_json.py checks it.
CLAIM_FIELDS = tuple(Claim.__dataclass_fields__)
_SLOT_SETTERS = tuple(getattr(Claim, name).__set__ for name in CLAIM_FIELDS)
_new = object.__new__


def _claim(values: tuple[Any, ...]) -> Claim:
    claim = _new(Claim)
    deque(map(call, _SLOT_SETTERS, repeat(claim), values), 0)
    return claim


# (scheme, level) → the fields a claim of that scheme at that level must give (few: schemes × levels).
_REQUIRED: dict[tuple[Scheme, str | None], tuple[str, ...]] = {}


def parse_id(obj: Any) -> str:
    if type(obj) is not dict and not isinstance(obj, Mapping):
        raise ContractError("line", "每行应为一个 JSON 对象")
    if "id" not in obj:
        raise ContractError("id", "缺少字段")
    if not isinstance(obj["id"], str):
        raise ContractError("id", "应为字符串")
    return obj["id"]


def parse_claim(obj: Any, catalogue: Catalogue | None = None) -> tuple[Claim, tuple[HistoryItem, ...]]:
    """One QUOTE.md input object → (Claim, history); raises ContractError naming the bad field."""
    cat = catalogue or default_catalogue()
    if type(obj) is not dict and not isinstance(obj, Mapping):
        raise ContractError("line", "每行应为一个 JSON 对象")
    code = obj.get("scheme")
    if code is None:
        raise ContractError("scheme", "缺少字段")
    scheme = cat.scheme(code) if isinstance(code, str) else None
    if scheme is None:
        raise ContractError("scheme", f"未知补贴项目 {code!r}")
    raw_day = obj.get("date")
    day = _DATES.get(raw_day) if type(raw_day) is str else None
    if day is None:
        day = _date(raw_day, "date")
    level = obj.get("level")
    needs = _REQUIRED.get((scheme, level)) if type(level) is str or level is None else None
    if needs is None:
        needs = scheme.required_fields(level)
        if (type(level) is str and level in LEVELS) or level is None:
            _REQUIRED[(scheme, level)] = needs
    if None in map(obj.get, needs):  # the first missing one is named, in the scheme's order
        for name in needs:
            if obj.get(name) is None:
                raise ContractError(name, f"{scheme.code} 需要此字段")
    g = obj.get
    occupation, hours, cost = g("occupation"), g("hours"), g("cost")
    days, months, year, out = g("days"), g("months"), g("year_of_scheme"), g("out_of_province")
    premiums = g("ui_premiums_last_year")
    claim = _claim(
        (
            code,
            day,
            None if occupation is None else _text(occupation, "occupation"),
            None if level is None else _level(level, "level"),
            None if hours is None else _int(hours, "hours"),
            None if cost is None else _money(cost, "cost"),
            _uplifts(g("uplift"), cat),
            _kind(g("kind"), scheme),
            None if days is None else _int(days, "days"),
            None if months is None else _int(months, "months"),
            None if year is None else _int(year, "year_of_scheme"),
            None if out is None else _bool(out, "out_of_province"),
            None if premiums is None else _money(premiums, "ui_premiums_last_year"),
            _person(g("person"), cat),
        )
    )
    return claim, _history(g("history"), cat)


def decision_to_json(id: str, decision: Decision) -> dict[str, Any]:
    """The QUOTE.md output object."""
    return {
        "id": id,
        "eligible": decision.eligible,
        "amount": f"{decision.amount:.2f}",
        "basis": [{"rule": b.rule, "clause": b.clause, "detail": b.detail} for b in decision.basis],
        "refusals": list(decision.refusals),
    }


def error_to_json(id: Any, message: str) -> dict[str, Any]:
    return {"id": id, "error": message}

"""Dated catalogue values: every amount, rate, minimum and limit, with its clause and validity window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..money import parse_decimal


class CatalogueError(ValueError):
    """The catalogue data (default or overlay) is malformed; the message names the path."""


@dataclass(frozen=True, slots=True)
class Entry:
    clause: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    amount: Decimal | None = None
    cap: Decimal | None = None
    rate: Decimal | None = None
    share: Decimal | None = None
    per: str | None = None
    of: str | None = None
    cap_field: str | None = None
    hours: int | None = None
    months: int | None = None
    max_units: int | None = None
    term_years: int | None = None
    term_months: int | None = None
    count: int | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def window_zh(self) -> str:
        start = self.valid_from.isoformat() if self.valid_from else "不限"
        end = self.valid_to.isoformat() if self.valid_to else "不限"
        if self.valid_from is None:
            return f"{end} 及以前"
        return f"{start} 至 {end}"


_DECIMALS = ("amount", "cap", "rate", "share")
_INTS = ("hours", "months", "max_units", "term_years", "term_months", "count")
_STRINGS = ("per", "of", "cap_field")
_PER = ("hours", "days", "months")


def parse_window(raw: Any, where: str) -> tuple[dt.date | None, dt.date | None]:
    if not (isinstance(raw, Sequence) and not isinstance(raw, str) and len(raw) == 2):
        raise CatalogueError(f"{where}.valid: 应为 [起始日期, 截止日期]")
    for bound in raw:
        if bound is not None and not isinstance(bound, dt.date):
            raise CatalogueError(f"{where}.valid: 日期格式应为 YYYY-MM-DD 或 null")
    start, end = raw
    if start and end and start > end:
        raise CatalogueError(f"{where}.valid: 起始日期晚于截止日期")
    return start, end


def parse_entry(raw: Any, where: str, per_required: bool = True) -> Entry:
    if not isinstance(raw, Mapping):
        raise CatalogueError(f"{where}: 应为一个标准条目")
    unknown = set(raw) - {"valid", "clause", *_DECIMALS, *_INTS, *_STRINGS}
    if unknown:
        raise CatalogueError(f"{where}: 未知字段 {', '.join(sorted(map(str, unknown)))}")
    if "clause" not in raw or not str(raw["clause"]).strip():
        raise CatalogueError(f"{where}.clause: 每个标准都应注明出处条款")
    start, end = parse_window(raw.get("valid"), where)
    values: dict[str, Any] = {}
    for name in _DECIMALS:
        if name in raw:
            try:
                values[name] = parse_decimal(str(raw[name]) if isinstance(raw[name], float) else raw[name])
            except ValueError as exc:
                raise CatalogueError(f"{where}.{name}: {exc}") from None
    for name in _INTS:
        if name in raw:
            if not isinstance(raw[name], int) or isinstance(raw[name], bool) or raw[name] < 0:
                raise CatalogueError(f"{where}.{name}: 应为非负整数")
            values[name] = raw[name]
    for name in _STRINGS:
        if name in raw:
            values[name] = str(raw[name])
    if per_required and "rate" in values and values.get("per") not in _PER:
        raise CatalogueError(f"{where}.per: 按单位计发的标准应注明 per（hours/days/months）")
    return Entry(clause=str(raw["clause"]), valid_from=start, valid_to=end, **values)


def parse_entries(raw: Any, where: str, per_required: bool = True) -> tuple[Entry, ...]:
    """A list of dated entries; `per_required` is off for rates that are shares (uplifts), not per-unit pay."""
    if not isinstance(raw, list) or not raw:
        raise CatalogueError(f"{where}: 应为标准条目列表")
    return tuple(parse_entry(item, f"{where}[{i}]", per_required) for i, item in enumerate(raw))


def in_force(entries: Sequence[Entry], day: dt.date) -> Entry | None:
    """The entry covering `day`; the latest-starting wins, ties go to the later listed (a newer policy)."""
    best: Entry | None = None
    for entry in entries:
        if entry.covers(day) and (
            best is None or (entry.valid_from or dt.date.min) >= (best.valid_from or dt.date.min)
        ):
            best = entry
    return best


def windows_zh(entries: Sequence[Entry]) -> str:
    return "；".join(sorted({e.window_zh() for e in entries}))

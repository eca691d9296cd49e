"""A draft's changes as a what-if overlay: the YAML `skillup quote --catalogue OVERLAY --compare` reads.

The catalogue's dated values (standards, caps, rates, limits — every list of entries with `valid`, wherever
the catalogue has one) are listed as *entries* with a key `path/to/list#index`. A change sets one field of
one entry. The overlay it becomes (docs/what-if.md):
- only values changed → the changed entries are added beside the old ones (same window, listed later, so
  they win: the overlay's ordinary extension);
- a validity date changed → the whole list is given as `{replace: [...]}`, since adding entries can widen a
  window but never shorten one.
Each changed entry's clause says it is a simulation of the draft. No Django here beyond nothing: plain data.
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import yaml

from skillup.core.errors import FieldError, RuleViolation
from skillup.policy.catalogue import DATA_DIR, DATA_FILES, Catalogue, CatalogueError, load_catalogue

DECIMAL_FIELDS = {"amount": 2, "cap": 2, "rate": 4, "share": 4}
INT_FIELDS = ("count", "hours", "months", "max_units", "term_years", "term_months")
DATE_FIELDS = ("valid_from", "valid_until")
FIELD_LABELS = {
    "amount": "标准金额（元）",
    "cap": "上限（元）",
    "rate": "比例或单价",
    "share": "比例",
    "count": "次数上限",
    "hours": "最低课时",
    "months": "最低月数",
    "max_units": "最多计发单位数",
    "term_years": "补贴年限（年）",
    "term_months": "补贴期限（月）",
    "valid_from": "生效日期",
    "valid_until": "截止日期",
}


@dataclass(frozen=True)
class CatalogueEntry:
    key: str  # "schemes/vocational_certificate/standards/A/高级#0"
    path: tuple[str, ...]
    index: int
    group: str  # the scheme's Chinese name, or 跨项目规则
    label: str  # "A类 · 高级"
    raw: Mapping[str, Any]

    @property
    def fields(self) -> list[str]:
        present = [f for f in (*DECIMAL_FIELDS, *INT_FIELDS) if f in self.raw]
        return present + list(DATE_FIELDS)

    def value(self, field: str) -> Any:
        if field in DATE_FIELDS:
            return self.raw["valid"][DATE_FIELDS.index(field)]
        return self.raw.get(field)

    def summary(self) -> str:
        values = "，".join(f"{FIELD_LABELS[f]} {self.raw[f]}" for f in self.fields if f in self.raw)
        start, end = self.raw["valid"]
        return f"{values}（{start or '不限'} 至 {end or '不限'}）"


def _dated(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, Mapping) and "valid" in v for v in value)
    )


@lru_cache(maxsize=1)
def raw_catalogue() -> dict[str, Any]:
    """The default catalogue's YAML data, as `load_catalogue()` reads it (the overlay's base)."""
    raw: dict[str, Any] = {}
    for name in DATA_FILES:
        with (DATA_DIR / name).open(encoding="utf-8") as handle:
            raw.update(yaml.safe_load(handle) or {})
    return raw


def _label(raw: Mapping[str, Any], path: tuple[str, ...]) -> tuple[str, str]:
    if path[0] == "schemes" and len(path) >= 3 and path[2] == "standards":
        scheme = raw["schemes"][path[1]]
        words = [
            f"{p}类" if len(p) == 1 and p in "ABCD" else scheme.get("kinds", {}).get(p, p) for p in path[3:]
        ]
        return str(scheme.get("name_zh", path[1])), " · ".join(words) or "标准"
    if path[0] == "uplifts" and len(path) >= 2:
        return "跨项目规则", f"上浮：{raw['uplifts'][path[1]].get('name_zh', path[1])}"
    if path == ("annual_limit",):
        return "跨项目规则", "每人每年补贴次数上限"
    node: Any = raw
    for part in path[:-1]:
        node = node.get(part, {}) if isinstance(node, Mapping) else {}
    name = node.get("name_zh") if isinstance(node, Mapping) else None
    return "跨项目规则", f"{name}（{'/'.join(path)}）" if name else "/".join(path)


def entries() -> list[CatalogueEntry]:
    """Every dated value of the catalogue, in catalogue order."""
    raw = raw_catalogue()
    found: list[CatalogueEntry] = []

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if _dated(node):
            group, label = _label(raw, path)
            for i, item in enumerate(node):
                key = f"{'/'.join(path)}#{i}"
                found.append(
                    CatalogueEntry(key, path, i, group, label + (f" #{i + 1}" if len(node) > 1 else ""), item)
                )
        elif isinstance(node, Mapping):
            for k, v in node.items():
                walk(v, (*path, str(k)))

    for top in raw:
        if top != "window":
            walk(raw[top], (str(top),))
    return found


@lru_cache(maxsize=1)
def entries_by_key() -> dict[str, CatalogueEntry]:
    return {e.key: e for e in entries()}


def parse_value(field: str, value: Any) -> str:
    """The new value as it is stored in the draft (a string); RuleViolation naming `value` when bad."""
    text = str(value if value is not None else "").strip().replace(",", "")
    label = FIELD_LABELS[field]
    if field in DATE_FIELDS:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise RuleViolation(f"{label}应为日期，格式 YYYY-MM-DD", field="value") from None
    if field in INT_FIELDS:
        if not text.isdigit():
            raise RuleViolation(f"{label}应为不小于0的整数", field="value")
        return str(int(text))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RuleViolation(f"{label}应为数字（十进制，如 4000 或 0.20）", field="value") from None
    if not number.is_finite():
        raise RuleViolation(f"{label}应为数字（十进制，如 4000 或 0.20）", field="value")
    if number < 0:
        raise RuleViolation(f"{label}不能为负数", field="value")
    places = DECIMAL_FIELDS[field]
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise RuleViolation(f"{label}最多{places}位小数", field="value")
    return str(number)


def check_change(entry_key: str, field: str, value: Any) -> tuple[CatalogueEntry, str]:
    entry = entries_by_key().get(entry_key or "")
    if entry is None:
        raise RuleViolation("目录中没有这个标准条目（请从列表中选择项目和条目）", field="entry")
    if field not in entry.fields:
        raise RuleViolation(
            f"该条目没有可修改的“{FIELD_LABELS.get(field, field or '（未选）')}”，可改：{'、'.join(FIELD_LABELS[f] for f in entry.fields)}",
            field="field",
        )
    return entry, parse_value(field, value)


def _applied(entry: CatalogueEntry, changes: list[dict], note: str) -> dict[str, Any]:
    item = copy.deepcopy(dict(entry.raw))
    valid = list(item["valid"])
    for change in changes:
        field, value = change["field"], change["value"]
        if field in DATE_FIELDS:
            valid[DATE_FIELDS.index(field)] = dt.date.fromisoformat(value)
        elif field in INT_FIELDS:
            item[field] = int(value)
        else:
            item[field] = value
    item["valid"] = valid
    item["clause"] = f"{entry.raw['clause']}（{note}）"
    return item


def check_windows(changes: list[dict]) -> None:
    """After every change, each entry's window still runs forwards."""
    by_entry: dict[str, list[dict]] = {}
    for change in changes:
        by_entry.setdefault(change["entry"], []).append(change)
    for key, group in by_entry.items():
        entry = entries_by_key()[key]
        start, end = _applied(entry, group, "")["valid"]
        if start and end and end < start:
            raise RuleViolation(
                f"{entry.group} {entry.label}：截止日期 {end} 早于生效日期 {start}", field="value"
            )


def overlay_data(changes: list[dict], note: str) -> dict[str, Any]:
    """The overlay mapping for a list of changes ({entry, field, value})."""
    by_path: dict[tuple[str, ...], dict[int, list[dict]]] = {}
    for change in changes:
        entry = entries_by_key()[change["entry"]]
        by_path.setdefault(entry.path, {}).setdefault(entry.index, []).append(change)
    raw = raw_catalogue()
    overlay: dict[str, Any] = {}
    for path, by_index in by_path.items():
        base: Any = raw
        for part in path:
            base = base[part]
        keys = [f"{'/'.join(path)}#{i}" for i in range(len(base))]
        moved = any(c["field"] in DATE_FIELDS for group in by_index.values() for c in group)
        if moved:
            value: Any = {
                "replace": [
                    _applied(entries_by_key()[k], by_index[i], note)
                    if i in by_index
                    else copy.deepcopy(base[i])
                    for i, k in enumerate(keys)
                ]
            }
        else:
            value = [_applied(entries_by_key()[keys[i]], by_index[i], note) for i in sorted(by_index)]
        node = overlay
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return overlay


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def overlay_yaml(changes: list[dict], *, name: str, author: str, on: dt.date) -> str:
    header = (
        f"# 政策测算草案「{name}」（{author}，{on.isoformat()}）\n"
        "# What-if overlay for `skillup quote --catalogue THIS_FILE --compare` (docs/what-if.md).\n"
        "# Applying it is a reviewed release of the catalogue data, never a button.\n"
    )
    if not changes:
        return header + "{}\n"
    body = yaml.dump(
        overlay_data(changes, f"模拟：草案「{name}」"),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=200,
    )
    return header + body


def load(overlay_text: str) -> Catalogue:
    """The draft catalogue, built the way the CLI builds it: the overlay file merged by `load_catalogue`."""
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8") as handle:
        handle.write(overlay_text)
        handle.flush()
        try:
            return load_catalogue(handle.name)
        except CatalogueError as exc:
            raise RuleViolation([FieldError(f"草案无法构成有效的政策目录：{exc}", field="value")]) from None
        except (AttributeError, KeyError, TypeError, ValueError) as exc:  # a shape the loader does not name
            raise RuleViolation(
                [FieldError(f"草案无法构成有效的政策目录：{type(exc).__name__}: {exc}", field="value")]
            ) from None

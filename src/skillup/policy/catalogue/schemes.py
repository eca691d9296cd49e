"""Schemes as read from schemes.yaml: who is paid, what a claim must say, and the dated standards."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import LEVELS
from .entries import CatalogueError, Entry, parse_entries

PAYEES = ("person", "enterprise", "institution")
KEY_PARTS = ("category", "level", "kind", "region")
APPLICANTS = ("trainee", "enterprise")
CLAIM_FIELDS = (
    "occupation",
    "level",
    "hours",
    "cost",
    "kind",
    "days",
    "months",
    "year_of_scheme",
    "out_of_province",
    "ui_premiums_last_year",
)

# A standards tree: nested mappings keyed by the scheme's `key` parts, ending in tuples of dated entries.
Standards = Mapping[str, Any] | tuple[Entry, ...]


@dataclass(frozen=True, eq=False)
class Scheme:
    code: str
    name_zh: str
    clause: str
    payee: str
    personal: bool
    pension_excluded: bool
    repeat_excluded: bool
    needs: tuple[str, ...]
    needs_for_levels: Mapping[str, tuple[str, ...]]
    levels: tuple[str, ...]
    kinds: Mapping[str, str]
    occupations: str | None
    groups_required: tuple[str, ...]
    key: tuple[str, ...]
    standards: Standards
    out_of_province_default: Mapping[str, bool] = field(default_factory=dict)
    # Who applies for it on their own (第9–13条): "trainee" (on a certificate), "enterprise" (for itself);
    # None for schemes claimed by an institution for its class.
    applicant: str | None = None
    # 第1条 (only training at a filed institution is subsidised) applies to training; a competition's
    # funding (第12条) pays its organiser or host for the event, not for filed training: `filed_training:
    # false` in the catalogue.
    filed_training: bool = True

    def node_at(self, path: tuple[str, ...]) -> Any:
        """The sub-table (or the entries) under a key path, or None when the table has no such row."""
        node: Any = self.standards
        for part in path:
            if not isinstance(node, Mapping) or part not in node:
                return None
            node = node[part]
        return node

    def entries_at(self, path: tuple[str, ...]) -> tuple[Entry, ...] | None:
        """The dated entries under a key path, or None when the table has no such row."""
        node = self.node_at(path)
        return node if isinstance(node, tuple) else None

    def all_entries(self) -> list[Entry]:
        found: list[Entry] = []

        def walk(node: Any) -> None:
            if isinstance(node, tuple):
                found.extend(node)
            else:
                for child in node.values():
                    walk(child)

        walk(self.standards)
        return found

    def required_fields(self, level: str | None) -> tuple[str, ...]:
        if not self.needs_for_levels:
            return self.needs
        extra = tuple(f for f, levels in self.needs_for_levels.items() if level in levels)
        return self.needs + extra


def _standards(raw: Any, depth: int, where: str) -> Standards:
    if depth == 0:
        return parse_entries(raw, where)
    if not isinstance(raw, Mapping) or not raw:
        raise CatalogueError(f"{where}: 应按 key 分层列出标准")
    return {str(k): _standards(v, depth - 1, f"{where}.{k}") for k, v in raw.items()}


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise CatalogueError(f"{where}: 应为字符串列表")
    return tuple(raw)


def parse_scheme(code: str, raw: Any) -> Scheme:
    where = f"schemes.{code}"
    if not isinstance(raw, Mapping):
        raise CatalogueError(f"{where}: 应为映射")
    for name in ("name_zh", "clause", "payee", "standards"):
        if name not in raw:
            raise CatalogueError(f"{where}.{name}: 缺少")
    if raw["payee"] not in PAYEES:
        raise CatalogueError(f"{where}.payee: 应为 {' / '.join(PAYEES)}")
    key = _strings(raw.get("key"), f"{where}.key")
    if any(part not in KEY_PARTS for part in key):
        raise CatalogueError(f"{where}.key: 只能由 {', '.join(KEY_PARTS)} 组成")
    needs = _strings(raw.get("needs"), f"{where}.needs")
    if any(n not in CLAIM_FIELDS for n in needs):
        raise CatalogueError(f"{where}.needs: 只能是 {', '.join(CLAIM_FIELDS)}")
    levels = _strings(raw.get("levels"), f"{where}.levels")
    if any(level not in LEVELS for level in levels):
        raise CatalogueError(f"{where}.levels: 未知等级")
    nfl = raw.get("needs_for_levels") or {}
    kinds = raw.get("kinds") or {}
    if not isinstance(nfl, Mapping) or not isinstance(kinds, Mapping):
        raise CatalogueError(f"{where}: needs_for_levels 与 kinds 应为映射")
    applicant = raw.get("applicant")
    if applicant not in (None, *APPLICANTS):
        raise CatalogueError(f"{where}.applicant: 应为 {' / '.join(APPLICANTS)}")
    occupations = raw.get("occupations")
    if occupations not in (None, "vocational", "special_ability"):
        raise CatalogueError(f"{where}.occupations: 应为 vocational 或 special_ability")
    return Scheme(
        code=code,
        name_zh=str(raw["name_zh"]),
        clause=str(raw["clause"]),
        payee=str(raw["payee"]),
        personal=bool(raw.get("personal", False)),
        filed_training=bool(raw.get("filed_training", True)),
        pension_excluded=bool(raw.get("pension_excluded", False)),
        repeat_excluded=bool(raw.get("repeat_excluded", False)),
        needs=needs,
        needs_for_levels={str(k): _strings(v, f"{where}.needs_for_levels.{k}") for k, v in nfl.items()},
        levels=levels,
        kinds={str(k): str(v) for k, v in kinds.items()},
        occupations=occupations,
        groups_required=_strings(raw.get("groups_required"), f"{where}.groups_required"),
        key=key,
        standards=_standards(raw["standards"], len(key), where + ".standards"),
        out_of_province_default={
            str(k): bool(v) for k, v in (raw.get("out_of_province_default") or {}).items()
        },
        applicant=applicant,
    )

"""The catalogue: schemes, occupation lists, uplifts and limits, built from the YAML data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..names import normalise
from .directory import DirectoryEntry, Finding, OccupationIndex
from .entries import CatalogueError, Entry, in_force, parse_entries, parse_window
from .schemes import Scheme, parse_scheme

PERIODS = ("action", "year")


@dataclass(frozen=True, eq=False)
class Uplift:
    code: str
    name_zh: str
    clause: str
    applies_to: tuple[str, ...]
    rates: tuple[Entry, ...]


@dataclass(frozen=True, eq=False)
class Cap:
    """A ceiling across claims (QUOTE.md amendment 1): the schemes that share it, per person or enterprise,
    over the whole action or per calendar year; each dated limit is an `amount` or a claim field (`cap_field`)."""

    code: str
    name_zh: str
    schemes: tuple[str, ...]
    per: str
    period: str
    limits: tuple[Entry, ...]


def _parse_cap(code: str, raw: Any) -> Cap:
    where = f"caps.{code}"
    if not isinstance(raw, Mapping):
        raise CatalogueError(f"{where}: 应为映射")
    for name in ("name_zh", "schemes", "per", "period", "limits"):
        if name not in raw:
            raise CatalogueError(f"{where}.{name}: 缺少")
    if raw["period"] not in PERIODS:
        raise CatalogueError(f"{where}.period: 应为 {' / '.join(PERIODS)}")
    schemes = raw["schemes"]
    if not isinstance(schemes, list) or not schemes or not all(isinstance(x, str) for x in schemes):
        raise CatalogueError(f"{where}.schemes: 应为项目代码列表")
    limits = parse_entries(raw["limits"], f"{where}.limits")
    for i, entry in enumerate(limits):
        if entry.amount is None and entry.cap_field is None:
            raise CatalogueError(f"{where}.limits[{i}]: 应给出 amount 或 cap_field")
    return Cap(code, str(raw["name_zh"]), tuple(schemes), str(raw["per"]), str(raw["period"]), limits)


class Catalogue:
    """Read-only view of the policy data; build with `load_catalogue()`, extend with `with_directory()`."""

    def __init__(self, raw: Mapping[str, Any], directory: Iterable[DirectoryEntry] = ()) -> None:
        self.raw = raw
        try:
            schemes = raw["schemes"]
            cats = raw["vocational_categories"]
            special = raw["special_ability_items"]
            plan = raw["plan"]
        except KeyError as exc:
            raise CatalogueError(f"{exc.args[0]}: 缺少") from None
        self.schemes_by_code: dict[str, Scheme] = {c: parse_scheme(c, s) for c, s in schemes.items()}
        self.plan_name: str = str(plan["name_zh"])
        self.plan_clause: str = str(plan["clause"])
        self.plan_window = parse_window(plan["valid"], "plan")
        self.category_clause: str = str(cats.get("clause", "附件2"))
        self.other_category: str = str(cats.get("other", "D"))
        # 附件2 A/B/C, the national catalogue (D) and HR's directory (注2), looked up by normalised name.
        self.occupation_index = OccupationIndex(raw, directory)
        self.category_of: dict[str, str] = self.occupation_index.categorised()
        self.special_clause: str = str(special.get("clause", "附件2 专项职业能力"))
        # dict.fromkeys keeps the first of a name listed twice (annex 2 lists two items twice).
        self.special_items: tuple[str, ...] = tuple(dict.fromkeys(str(i) for i in special["items"]))
        self.special_set = frozenset(normalise(i) for i in self.special_items)
        self.uplifts: dict[str, Uplift] = {
            code: Uplift(
                code=code,
                name_zh=str(u["name_zh"]),
                clause=str(u["clause"]),
                applies_to=tuple(u["applies_to"]),
                rates=parse_entries(u["rates"], f"uplifts.{code}.rates", per_required=False),
            )
            for code, u in (raw.get("uplifts") or {}).items()
        }
        self.annual_limit: tuple[Entry, ...] = parse_entries(raw.get("annual_limit"), "annual_limit")
        self.groups: dict[str, str] = {str(k): str(v) for k, v in (raw.get("groups") or {}).items()}
        self.payees: dict[str, str] = {str(k): str(v) for k, v in (raw.get("payees") or {}).items()}
        self.caps: dict[str, Cap] = {c: _parse_cap(c, v) for c, v in (raw.get("caps") or {}).items()}
        self.cap_of: dict[str, Cap] = {}
        for cap in self.caps.values():
            for code in cap.schemes:
                if code in self.cap_of:
                    raise CatalogueError(f"caps.{cap.code}.schemes: {code} 已属于 {self.cap_of[code].code}")
                self.cap_of[code] = cap
        self._check_references()
        self.boundaries: tuple[dt.date, ...] = self._boundaries()

    def _check_references(self) -> None:
        for uplift in self.uplifts.values():
            for code in uplift.applies_to:
                if code not in self.schemes_by_code:
                    raise CatalogueError(f"uplifts.{uplift.code}.applies_to: 未知项目 {code}")
        for scheme in self.schemes_by_code.values():
            for entry in scheme.all_entries():
                if entry.of and entry.of not in self.schemes_by_code:
                    raise CatalogueError(f"schemes.{scheme.code}.standards.of: 未知项目 {entry.of}")
            for group in scheme.groups_required:
                if group not in self.groups:
                    raise CatalogueError(f"schemes.{scheme.code}.groups_required: 未知人员类别 {group}")
        for cap in self.caps.values():
            for code in cap.schemes:
                if code not in self.schemes_by_code:
                    raise CatalogueError(f"caps.{cap.code}.schemes: 未知项目 {code}")

    def _all_entries(self) -> list[Entry]:
        found = [e for s in self.schemes_by_code.values() for e in s.all_entries()]
        found += [e for u in self.uplifts.values() for e in u.rates]
        found += [e for c in self.caps.values() for e in c.limits]
        return found + list(self.annual_limit)

    def _boundaries(self) -> tuple[dt.date, ...]:
        """Every day on which some value starts or stops applying: dates between two are treated alike."""
        days: set[dt.date] = set(self.occupation_index.dates())
        for entry in self._all_entries():
            if entry.valid_from:
                days.add(entry.valid_from)
            if entry.valid_to and entry.valid_to < dt.date.max:
                days.add(entry.valid_to + dt.timedelta(days=1))
        return tuple(sorted(days))

    # -- look-ups used by the rules -------------------------------------------------------------------

    def scheme(self, code: str) -> Scheme | None:
        return self.schemes_by_code.get(code)

    def with_directory(self, entries: Iterable[DirectoryEntry]) -> Catalogue:
        """A new catalogue: this one with HR's directory entries (附件2 注2) added to the occupation look-up."""
        return Catalogue(self.raw, tuple(self.occupation_index.directory) + tuple(entries))

    def find_occupation(self, occupation: str | None, on: dt.date) -> Finding:
        """附件2: A/B/C as listed; D: the national catalogue or HR's directory; anything else unknown."""
        return self.occupation_index.find(occupation, on)

    def category(self, occupation: str | None, on: dt.date) -> str | None:
        """The occupation's category on day `on`, or None when it is unknown (never paid as D)."""
        return self.occupation_index.find(occupation, on).category

    def is_special_item(self, name: str | None) -> bool:
        """附件2 专项职业能力: the name (normalised) is on the item list."""
        return normalise(name) in self.special_set

    # -- helpers for other apps -----------------------------------------------------------------------

    def schemes_for(self, applicant: str) -> list[Scheme]:
        """The schemes this kind of applicant ("trainee", "enterprise") applies for, in catalogue order."""
        return [s for s in self.schemes_by_code.values() if s.applicant == applicant]

    def scheme_names(self) -> dict[str, str]:
        """Scheme code → its Chinese name, in catalogue order (the one source every page and export uses)."""
        return {code: s.name_zh for code, s in self.schemes_by_code.items()}

    def schemes(self) -> list[dict[str, Any]]:
        """One plain dict per scheme, in catalogue order."""
        return [
            {
                "code": s.code,
                "name_zh": s.name_zh,
                "clause": s.clause,
                "payee": s.payee,
                "payee_zh": self.payees.get(s.payee, s.payee),
                "personal": s.personal,
                "annual_limit": s.personal,
                "pension_excluded": s.pension_excluded,
                "repeat_excluded": s.repeat_excluded,
                "levels": list(s.levels),
                "kinds": dict(s.kinds),
                "needs": list(s.needs),
                "needs_for_levels": {k: list(v) for k, v in s.needs_for_levels.items()},
                "needs_occupation": "occupation" in s.needs,
                "needs_hours": "hours" in s.needs or "hours" in s.needs_for_levels,
                "needs_cost": "cost" in s.needs,
                "occupation_list": s.occupations,
                "groups_required": list(s.groups_required),
            }
            for s in self.schemes_by_code.values()
        ]

    def occupations(self, q: str | None = None, on: dt.date | None = None) -> list[dict[str, Any]]:
        """Named occupations and items: {name, category, scheme, levels, source, origin, replaced_by,
        replaced_on}; `q` filters by (normalised) substring; `on` leaves out names not claimable that day."""
        found: list[dict[str, Any]] = []
        vocational = [
            s for s in self.schemes_by_code.values() if s.occupations == "vocational" and s.personal
        ]
        for o in self.occupation_index.by_name.values():
            if on is not None and self.occupation_index.find(o.name, on).category is None:
                continue
            for s in vocational[:1]:
                table = s.standards.get(o.category, {}) if isinstance(s.standards, Mapping) else {}
                found.append(
                    {
                        "name": o.name,
                        "category": o.category,
                        "scheme": s.code,
                        "levels": list(table),
                        "source": o.source,
                        "origin": o.origin,
                        "valid_from": o.valid_from,
                        "replaced_by": o.replaced_by,
                        "replaced_on": o.replaced_on,
                    }
                )
        for s in self.schemes_by_code.values():
            if s.occupations == "special_ability":
                for name in self.special_items:
                    found.append(
                        {
                            "name": name,
                            "category": "专项",
                            "scheme": s.code,
                            "levels": list(s.levels),
                            "source": self.special_clause,
                            "origin": "annex2",
                            "valid_from": None,
                            "replaced_by": None,
                            "replaced_on": None,
                        }
                    )
        if q and normalise(q):
            key = normalise(q)
            found = [o for o in found if key in normalise(o["name"])]
        return found

    def required_hours(
        self, scheme: str, occupation: str | None = None, level: str | None = None, *, on: dt.date
    ) -> int | None:
        """The minimum class hours on day `on` (the caller's business date), or None when none is set or in force."""
        s = self.schemes_by_code.get(scheme)
        if s is None:
            raise KeyError(scheme)
        path: list[str] = []
        for part in s.key:
            if part == "category":
                path.append(self.category(occupation, on) or "")
            elif part == "level":
                path.append(level or "")
            else:
                return None
        entries = s.entries_at(tuple(path))
        if not entries:
            return None
        entry = in_force(entries, on)
        return entry.hours if entry else None

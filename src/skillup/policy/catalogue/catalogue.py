"""The catalogue: schemes, occupation lists, uplifts and limits, built from the YAML data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .entries import CatalogueError, Entry, in_force, parse_entries, parse_window
from .schemes import Scheme, parse_scheme


@dataclass(frozen=True, eq=False)
class Uplift:
    code: str
    name_zh: str
    clause: str
    applies_to: tuple[str, ...]
    rates: tuple[Entry, ...]


class Catalogue:
    """Read-only view of the policy data; build with `load_catalogue()`."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
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
        self.category_of: dict[str, str] = {}
        for category, names in cats.items():
            if category in ("clause", "other"):
                continue
            for name in names:
                self.category_of.setdefault(str(name), str(category))
        self.special_clause: str = str(special.get("clause", "附件2 专项职业能力"))
        # dict.fromkeys keeps the first of a name listed twice (annex 2 lists two items twice).
        self.special_items: tuple[str, ...] = tuple(dict.fromkeys(str(i) for i in special["items"]))
        self.special_set = frozenset(self.special_items)
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
        self._check_references()
        self.boundaries: tuple[dt.date, ...] = self._boundaries()
        # Class hours at or above this number all read alike for a scheme (every minimum and maximum is
        # below it): the batch path shares one decision among them. 0 = the scheme never looks at hours.
        self.hours_saturation: dict[str, int] = {
            code: max(
                [0]
                + [(e.hours or 0) + 1 for e in s.all_entries()]
                + [(e.max_units or 0) + 1 for e in s.all_entries()]
            )
            for code, s in self.schemes_by_code.items()
        }

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

    def _all_entries(self) -> list[Entry]:
        found = [e for s in self.schemes_by_code.values() for e in s.all_entries()]
        found += [e for u in self.uplifts.values() for e in u.rates]
        return found + list(self.annual_limit)

    def _boundaries(self) -> tuple[dt.date, ...]:
        """Every day on which some value starts or stops applying: dates between two are treated alike."""
        days: set[dt.date] = set()
        for entry in self._all_entries():
            if entry.valid_from:
                days.add(entry.valid_from)
            if entry.valid_to and entry.valid_to < dt.date.max:
                days.add(entry.valid_to + dt.timedelta(days=1))
        return tuple(sorted(days))

    # -- look-ups used by the rules -------------------------------------------------------------------

    def scheme(self, code: str) -> Scheme | None:
        return self.schemes_by_code.get(code)

    def category(self, occupation: str) -> str:
        """附件2: A/B/C as listed; any other occupation of the national catalogue is D."""
        return self.category_of.get(occupation, self.other_category)

    # -- helpers for other apps -----------------------------------------------------------------------

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

    def occupations(self, q: str | None = None) -> list[dict[str, Any]]:
        """Named occupations and items: {name, category, scheme, levels}; `q` filters by substring."""
        found: list[dict[str, Any]] = []
        vocational = [
            s for s in self.schemes_by_code.values() if s.occupations == "vocational" and s.personal
        ]
        for name, category in self.category_of.items():
            for s in vocational[:1]:
                table = s.standards.get(category, {}) if isinstance(s.standards, Mapping) else {}
                found.append({"name": name, "category": category, "scheme": s.code, "levels": list(table)})
        for s in self.schemes_by_code.values():
            if s.occupations == "special_ability":
                for name in self.special_items:
                    found.append(
                        {"name": name, "category": "专项", "scheme": s.code, "levels": list(s.levels)}
                    )
        if q:
            found = [o for o in found if q.strip() in o["name"]]
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
                path.append(self.category(occupation or ""))
            elif part == "level":
                path.append(level or "")
            else:
                return None
        entries = s.entries_at(tuple(path))
        if not entries:
            return None
        entry = in_force(entries, on)
        return entry.hours if entry else None

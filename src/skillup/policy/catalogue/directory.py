"""Occupation look-up: annex 2's A/B/C lists, the national catalogue (D) and HR's directory (附件2 注2).

Every name is compared in its normalised form (`skillup.policy.names.normalise`). A look-up on a day gives a
`Finding`: the category (None: unknown, never paid as D) and the basis line that explains it. Findings are
shared by every name that reads alike (the quote memo keys on them), so a basis line names the source, never
the claim's own spelling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..names import normalise
from .entries import CatalogueError

CATEGORIES = ("A", "B", "C", "D")


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """One occupation HR keeps in its directory (附件2 注2: a new occupation takes the category HR assigns),
    or a catalogue name HR marks as replaced. `valid_from`: from when the name may be claimed (None: always);
    `replaced_by`/`replaced_on`: the name is unknown on and after `replaced_on`, the basis says by what."""

    name: str
    category: str
    source: str
    valid_from: dt.date | None = None
    replaced_by: str | None = None
    replaced_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    category: str | None  # None: unknown_occupation
    clause: str
    detail: str


@dataclass(frozen=True, slots=True)
class Occupation:
    """A name as the catalogue knows it; `finding` is what a claim in force reads."""

    name: str
    category: str
    source: str  # where the name comes from: 附件2, the national catalogue, or HR's source text
    origin: str  # annex2 / national / directory
    finding: Finding
    valid_from: dt.date | None = None
    replaced_by: str | None = None
    replaced_on: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.valid_from is not None or self.replaced_on is not None


class OccupationIndex:
    """normalised name → Occupation, built from the catalogue data and HR's directory entries."""

    def __init__(self, raw: Mapping[str, Any], directory: Iterable[DirectoryEntry] = ()) -> None:
        cats = raw["vocational_categories"]
        national = raw.get("national_catalogue") or {}
        self.clause: str = str(cats.get("clause", "附件2"))
        self.national_name: str = str(national.get("name_zh", "国家职业资格目录（技能类）"))
        self.national_source: str = str(national.get("source", ""))
        self.national_date = national.get("source_date")
        self.national_clause: str = str(national.get("clause", "附件2 D类"))
        self.by_name: dict[str, Occupation] = {}
        for category, names in cats.items():
            if category in ("clause", "other"):
                continue
            if category not in CATEGORIES:
                raise CatalogueError(f"vocational_categories.{category}: 类别应为 A/B/C/D")
            for name in names:
                detail = f"{self.clause}：所报工种属{category}类"
                self._put(
                    Occupation(
                        str(name), str(category), "附件2", "annex2", Finding(category, "附件2", detail)
                    )
                )
        other = str(cats.get("other", "D"))
        for name in national.get("occupations") or ():
            detail = (
                f"{self.national_clause}：所报工种未列入A、B、C类，列于{self.national_name}"
                f"（{self.national_source}），按{other}类"
            )
            self._put(
                Occupation(str(name), other, self.national_name, "national", Finding(other, "附件2", detail))
            )
        self.unknown = Finding(
            None,
            "附件2",
            f"{self.clause}：所报工种不在附件2 A、B、C类中，也不在{self.national_name}或人社局职业目录中，"
            "不能按D类补贴",
        )
        self.directory: tuple[DirectoryEntry, ...] = tuple(directory)
        for entry in self.directory:
            self._add_directory(entry)

    def _put(self, occupation: Occupation) -> None:
        # The first listing wins (a name on an annex 2 list is not also D).
        self.by_name.setdefault(normalise(occupation.name), occupation)

    def _add_directory(self, e: DirectoryEntry) -> None:
        if e.category not in CATEGORIES:
            raise CatalogueError(f"directory.{e.name}.category: 类别应为 A/B/C/D")
        key = normalise(e.name)
        if not key:
            raise CatalogueError("directory.name: 名称不能为空")
        known = self.by_name.get(key)
        if known is not None and known.origin != "directory":
            # HR marks a catalogue name replaced: the name keeps its category and source until then.
            self.by_name[key] = Occupation(
                known.name,
                known.category,
                known.source,
                known.origin,
                known.finding,
                replaced_by=e.replaced_by,
                replaced_on=e.replaced_on,
            )
            return
        since = f"，自 {e.valid_from} 起" if e.valid_from else ""
        detail = (
            f"附件2 注2：所报工种为人社部门发文颁布的新工种（{e.source}），"
            f"人社局职业目录按相同或相近类别确定为{e.category}类{since}"
        )
        self.by_name[key] = Occupation(
            e.name,
            e.category,
            e.source,
            "directory",
            Finding(e.category, "附件2 注2", detail),
            valid_from=e.valid_from,
            replaced_by=e.replaced_by,
            replaced_on=e.replaced_on,
        )

    def get(self, name: str | None) -> Occupation | None:
        return self.by_name.get(normalise(name))

    def find(self, name: str | None, day: dt.date) -> Finding:
        """What a claim naming `name` on `day` reads: category and basis."""
        occupation = self.by_name.get(normalise(name))
        if occupation is None:
            return self.unknown
        if not occupation.dated:
            return occupation.finding
        return self._dated(occupation, day)

    def _dated(self, o: Occupation, day: dt.date) -> Finding:
        if o.valid_from is not None and day < o.valid_from:
            return Finding(
                None,
                "附件2 注2",
                f"附件2 注2：所报工种自 {o.valid_from} 起列入人社局职业目录（{o.source}），申报日期在此之前，"
                "不能按D类补贴",
            )
        if o.replaced_on is not None and day >= o.replaced_on:
            return Finding(
                None,
                "附件2 注2",
                f"附件2 注2：所报工种已于 {o.replaced_on} 由“{o.replaced_by}”取代，此后按新工种申报，不能按D类补贴",
            )
        return o.finding

    def dates(self) -> set[dt.date]:
        """Days on which some name starts or stops being claimable."""
        return {d for o in self.by_name.values() for d in (o.valid_from, o.replaced_on) if d is not None}

    def categorised(self) -> dict[str, str]:
        """Every listed name (as written) → its category."""
        return {o.name: o.category for o in self.by_name.values()}

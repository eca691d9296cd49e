"""The policy catalogue as SkillUp uses it: the YAML catalogue extended with HR's directory (附件2 注2).

`current()` is cached per process and rebuilt when the directory's version token changes (every write of
`skillup.directory.services` changes it, in the same transaction), so one query a call keeps it fresh.
"""

from __future__ import annotations

import datetime as dt
import threading

from skillup.directory.models import DirectoryVersion, OccupationEntry
from skillup.policy.catalogue import Catalogue, DirectoryEntry, default_catalogue

_lock = threading.Lock()
_cached: dict[str, object] = {}


def entries() -> list[DirectoryEntry]:
    """HR's directory as the policy engine reads it."""
    return [
        DirectoryEntry(
            name=row.name,
            category=row.category,
            source=row.source + (f"，{row.source_date:%Y-%m-%d}" if row.source_date else ""),
            valid_from=None if row.catalogue_name else row.source_date,
            replaced_by=row.replaced_by or None,
            replaced_on=row.replaced_on,
        )
        for row in OccupationEntry.objects.order_by("id")
    ]


def current() -> Catalogue:
    """The default catalogue with HR's directory entries: what every real claim is quoted against."""
    token = DirectoryVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    base = default_catalogue()
    key = (token, id(base))
    with _lock:
        if _cached.get("key") == key:
            return _cached["catalogue"]  # type: ignore[return-value]
    catalogue = base if token is None else base.with_directory(entries())
    with _lock:
        _cached["key"], _cached["catalogue"] = key, catalogue
    return catalogue


def extend(catalogue: Catalogue) -> Catalogue:
    """Another catalogue (a what-if draft) with HR's directory entries, as `current()` extends the default."""
    if not DirectoryVersion.objects.filter(pk=1).exists():
        return catalogue
    return catalogue.with_directory(entries())


def occupation_problem(scheme: str, occupation: str, on: dt.date) -> str | None:
    """Why `occupation` cannot be claimed under `scheme` on day `on` (a Chinese message), or None when it can
    or the scheme names no occupation list. Filings and classes ask this before anything is written."""
    cat = current()
    s = cat.scheme(scheme)
    if s is None or not occupation:
        return None
    if s.occupations == "special_ability":
        if cat.is_special_item(occupation):
            return None
        return f"“{occupation}”不在附件2 专项职业能力项目目录中"
    if s.occupations == "vocational":
        finding = cat.find_occupation(occupation, on)
        if finding.category is not None:
            return None
        known = cat.occupation_index.get(occupation)
        if known is not None and known.replaced_on is not None and on >= known.replaced_on:
            return f"“{occupation}”已于 {known.replaced_on} 由“{known.replaced_by}”取代，请按新工种填写"
        if known is not None and known.valid_from is not None and on < known.valid_from:
            return f"“{occupation}”自 {known.valid_from} 起列入职业目录，此前不能申报"
        return f"“{occupation}”不在附件2 A/B/C 类、国家职业资格目录或人社局职业目录中（未知工种，不予补贴）"
    return None

"""Reads of the occupation directory: the catalogue's names and HR's, together (附件2, 注2).

The directory is district-wide reference data: officers read it; institutions, enterprises and trainees use
the occupation look-up of their own pages instead.
"""

from __future__ import annotations

import datetime as dt

from skillup.directory import permissions
from skillup.directory.catalogue import current
from skillup.directory.models import OccupationEntry
from skillup.policy.names import normalise

ORIGIN_ZH = {
    "annex2": "附件2 A/B/C 类",
    "national": "国家职业资格目录",
    "directory": "人社局新增（附件2 注2）",
}
READERS = permissions.READERS


def entries_visible_to(user):
    if not permissions.can_read_directory(user):
        return OccupationEntry.objects.none()
    return OccupationEntry.objects.select_related("added_by").order_by("id")


def directory_rows(
    user, *, q: str = "", category: str = "", origin: str = "", source: str = "", on: dt.date | None = None
) -> list[dict]:
    """Every occupation (not special-ability items) with its category and source, filtered; HR's rows carry
    their database entry. `on`: only names claimable that day."""
    if not permissions.can_read_directory(user):
        return []
    rows = [o for o in current().occupations(on=on) if o["category"] in ("A", "B", "C", "D")]
    by_key = {e.normalised_name: e for e in entries_visible_to(user)}
    key, src = normalise(q), normalise(source)
    found = []
    for o in rows:
        if key and key not in normalise(o["name"]):
            continue
        if category and o["category"] != category:
            continue
        if origin and o["origin"] != origin:
            continue
        if src and src not in normalise(o["source"]):
            continue
        found.append({**o, "origin_zh": ORIGIN_ZH[o["origin"]], "entry": by_key.get(normalise(o["name"]))})
    return found

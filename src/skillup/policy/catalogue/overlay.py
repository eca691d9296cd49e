"""What-if overlays: a YAML file shaped like the default catalogue, merged over it.

Mappings merge key by key; a list of dated entries (every item a mapping with `valid`) is extended, so a new
standard or rate is added beside the old one and wins where it starts later (or, starting the same day,
because it is listed later); any other value, lists included, is replaced. A dated list can be replaced
outright by `{replace: [entries]}` (to shorten or move a validity window, which adding entries cannot do).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _dated(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, Mapping) and "valid" in v for v in value)
    )


def merge(base: Any, overlay: Any) -> Any:
    if _dated(base) and isinstance(overlay, Mapping) and list(overlay) == ["replace"]:
        return overlay["replace"]
    if isinstance(base, Mapping) and isinstance(overlay, Mapping):
        merged = dict(base)
        for key, value in overlay.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    if _dated(base) and _dated(overlay):
        return list(base) + list(overlay)
    return overlay

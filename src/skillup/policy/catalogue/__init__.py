"""Policy catalogue: the data of annex 2 and the plan's clauses, loadable with a what-if overlay.

`load_catalogue(overlay_path=None)` builds a Catalogue from the YAML files beside this module, with an
overlay merged over them when given. Module-level `schemes()`, `occupations(q)` and `required_hours(...)`
answer from the cached default catalogue.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .catalogue import Cap, Catalogue, Uplift
from .directory import DirectoryEntry, Finding
from .entries import CatalogueError, Entry, in_force
from .overlay import merge
from .schemes import Scheme

DATA_DIR = Path(__file__).resolve().parent
DATA_FILES = ("schemes.yaml", "occupations.yaml", "national.yaml", "rules.yaml")

__all__ = [
    "Cap",
    "Catalogue",
    "DirectoryEntry",
    "Finding",
    "CatalogueError",
    "Entry",
    "Scheme",
    "Uplift",
    "default_catalogue",
    "in_force",
    "load_catalogue",
    "occupations",
    "required_hours",
    "scheme_names",
    "schemes",
]


# libyaml's safe loader when PyYAML was built with it (the wheels are): the same documents, read in C — the
# catalogue is read at every start of `skillup quote` (issue 16 item 1). tests/policy/test_catalogue.py
# checks both loaders read every catalogue file alike.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=SAFE_LOADER)  # noqa: S506 — a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path}: 无法读取 ({exc})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: 顶层应为映射")
    return data


def load_catalogue(overlay_path: str | Path | None = None) -> Catalogue:
    """The default catalogue, or the default with the overlay file merged over it (what-if)."""
    if overlay_path is None:
        return default_catalogue()
    raw: dict[str, Any] = {}
    for name in DATA_FILES:
        raw.update(_read(DATA_DIR / name))
    return Catalogue(merge(raw, _read(Path(overlay_path))))


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    raw: dict[str, Any] = {}
    for name in DATA_FILES:
        raw.update(_read(DATA_DIR / name))
    return Catalogue(raw)


def schemes() -> list[dict[str, Any]]:
    return default_catalogue().schemes()


def scheme_names() -> dict[str, str]:
    """Scheme code → Chinese name from the default catalogue (pages, exports, audit summaries)."""
    return default_catalogue().scheme_names()


def occupations(q: str | None = None, on: dt.date | None = None) -> list[dict[str, Any]]:
    return default_catalogue().occupations(q, on)


def required_hours(
    scheme: str, occupation: str | None = None, level: str | None = None, *, on: dt.date
) -> int | None:
    return default_catalogue().required_hours(scheme, occupation, level, on=on)

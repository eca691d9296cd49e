"""Occupation and item names as the rules compare them (QUOTE.md amendment 1).

Full-width and half-width forms are the same (`（` = `(`, `Ａ` = `A`, `１` = `1`) and spaces anywhere in a
name are ignored, in every look-up (category, special-ability items, project training's nearest standard,
HR's directory) and in the repeat rule alike. This is the one place that says so.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def normalise(name: str | None) -> str:
    """The comparable form of a name: NFKC (full-width → half-width), every space removed; None → ''."""
    if not name:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name))


__all__ = ["normalise"]

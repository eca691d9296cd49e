"""Name and number normalisation for matching (full/half width, spaces).

Note for the lead: issue 9 item 3 (occupation directory) may land a normalisation in `skillup.policy`;
when it does, `occupation_key` should call it so that the register and the directory agree. Until then
this is the one place the register normalises."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def occupation_key(name: str) -> str:
    """NFKC folds full-width letters, digits and brackets to half width; all whitespace (including the
    ideographic space) goes."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name or "")).strip()


def certificate_number(text: str) -> str:
    """A certificate number as stored and looked up: half width, no spaces, upper case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text or ""))).upper()[:64]


def issuer_name(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text or "")))[:200]

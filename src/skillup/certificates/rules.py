"""The certificate register's rules as data (`data/certificates.yaml`), read once."""

from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "certificates.yaml"


@cache
def rules() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def families() -> dict[str, dict]:
    return rules()["families"]


def family_name(code: str) -> str:
    return families().get(code, {}).get("name_zh", code)


def family_by_name(text: str) -> str | None:
    """A family from its code or its Chinese name (as typed in an upload)."""
    text = (text or "").strip()
    for code, info in families().items():
        if text in (code, info["name_zh"]):
            return code
    return None


def family_of_scheme(scheme: str) -> str:
    return rules()["family_of_scheme"].get(scheme, "qualification")


def verified_schemes() -> dict[str, dict]:
    return rules()["verified_schemes"]


def family_for(scheme: str, level: str) -> str | None:
    """The family a claim of this scheme at this level most likely rests on: the first of the scheme's
    families whose levels include it (四级 → 职业技能等级, 技师 → 国家职业资格)."""
    allowed = verified_schemes().get(scheme, {}).get("families", list(families()))
    return next((f for f in allowed if level in families()[f]["levels"]), allowed[0] if allowed else None)


def same_level(a: str, b: str) -> bool:
    if a == b:
        return True
    return any(a in pair and b in pair for pair in rules()["level_equivalents"])


def evidence_rules() -> dict:
    return rules()["evidence"]

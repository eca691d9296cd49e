"""The competent department of a class, derived from its scheme and occupation (附件1, 第19条).

The rules are data (`data/departments.yaml`); this module only applies them in their order: occupation,
scheme, default.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "departments.yaml"


@dataclass(frozen=True)
class Competent:
    code: str
    cite: str


@cache
def _rules() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def competent_department(scheme: str, occupation: str = "") -> Competent:
    rules = _rules()
    rule = rules["occupations"].get(occupation or "") or rules["schemes"].get(scheme) or rules["default"]
    return Competent(code=rule["department"], cite=rule["cite"])


def all_codes() -> set[str]:
    rules = _rules()
    codes = {rules["default"]["department"]}
    codes |= {r["department"] for r in rules["schemes"].values()}
    codes |= {r["department"] for r in rules["occupations"].values()}
    return codes

"""docs/policy-map.md points only at code that exists (issue 9: "no row pointing at code that does not exist")."""

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "skillup"
MAP = (ROOT / "docs" / "policy-map.md").read_text(encoding="utf-8")
CODE = re.findall(r"`([^`\s]+)`", MAP)


def _file(ref: str) -> Path | None:
    """`subsidies/living.py`, `rules.yaml: caps`, `departments.yaml` → the file it names, if any."""
    name = ref.split(":")[0]
    for base in (
        ROOT,
        SRC,
        SRC / "policy" / "catalogue",
        SRC / "training" / "data",
        SRC / "registry" / "data",
    ):
        if (base / name).exists():
            return base / name
    return None


def test_every_file_the_policy_map_names_exists():
    """`x/y.py`, `y.yaml: key`, and `x/y.py._name` (the file must exist and define the name)."""
    refs = {r.rstrip(",.;") for r in CODE if re.search(r"\.(py|yaml|md)\b", r) and "*" not in r}
    missing = []
    for ref in sorted(refs):
        name, _, attr = ref.partition(".py.")
        found = _file(name + ".py" if attr else name)
        if found is None or (
            attr and not re.search(rf"^(def|class) {re.escape(attr)}\b", found.read_text(), re.M)
        ):
            missing.append(ref)
    assert refs and missing == []


def test_every_rule_function_the_policy_map_names_exists():
    refs = {
        r for r in CODE if re.fullmatch(r"(rules|policy|training|subsidies|registry)\.[a-z_]+\.[a-z_]+", r)
    }
    missing = []
    for ref in sorted(refs):
        module, attr = ref.rsplit(".", 1)
        module = "skillup.policy." + module if module.startswith("rules.") else "skillup." + module
        if not hasattr(importlib.import_module(module), attr):
            missing.append(ref)
    assert refs and missing == []

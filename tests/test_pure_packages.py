"""The pure packages — the policy engine and the integrity signal engine — load no Django and import no
other part of the project, so `skillup quote` and `skillup integrity scan` run anywhere."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
# package → the modules a command imports first
PURE = {
    "skillup.policy": ["skillup.policy", "skillup.policy.cli", "skillup.policy.contract"],
    "skillup.integrity.engine": ["skillup.integrity.engine", "skillup.integrity.engine.cli"],
}


@pytest.mark.parametrize("package", PURE)
def test_importing_the_package_loads_no_django(package):
    code = (
        f"import {', '.join(PURE[package])}, sys; "
        "bad = [m for m in sys.modules if m.startswith('django')]; assert not bad, bad"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("package", PURE)
def test_no_module_imports_django_or_another_part_of_the_project(package):
    for path in (SRC / package.replace(".", "/")).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("django"), path
                assert not name.startswith("skillup") or name.startswith(package), path

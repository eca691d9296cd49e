"""The integrity engine is pure: no Django, nothing else of the project (like skillup.policy)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

from .conftest import SRC

ENGINE = SRC / "skillup" / "integrity" / "engine"


def test_importing_the_engine_loads_no_django():
    code = (
        "import skillup.integrity.engine, skillup.integrity.engine.cli, sys; "
        "bad = [m for m in sys.modules if m.startswith('django')]; assert not bad, bad"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr


def test_no_engine_module_imports_django_or_another_skillup_app():
    for path in ENGINE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("django"), path
                assert not name.startswith("skillup") or name.startswith("skillup.integrity.engine"), path


def test_thresholds_live_in_one_module_with_a_version():
    from skillup.integrity.engine import thresholds

    assert thresholds.VERSION
    signals = (ENGINE / "signals.py").read_text(encoding="utf-8")
    assert "from . import thresholds as T" in signals

"""The policy package is pure: no Django, nothing else of the project."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

from .conftest import SRC

POLICY = SRC / "skillup" / "policy"


def test_importing_the_policy_package_loads_no_django():
    code = (
        "import skillup.policy, skillup.policy.cli, skillup.policy.contract, sys; "
        "bad = [m for m in sys.modules if m.startswith('django')]; assert not bad, bad"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr


def test_no_module_imports_django_or_another_skillup_app():
    for path in POLICY.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("django"), path
                assert not name.startswith("skillup") or name.startswith("skillup.policy"), path


def test_no_policy_figure_is_a_literal_in_the_rules():
    # Every amount, rate and minimum lives in the catalogue; rule code holds no number but 0 and 1.
    for path in (POLICY / "rules").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and type(node.value) in (int, float):
                assert node.value in (0, 1), (path.name, node.lineno, node.value)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Decimal" and node.args:
                arg = node.args[0]
                assert isinstance(arg, ast.Constant) and arg.value in (0, "0"), (path.name, node.lineno)

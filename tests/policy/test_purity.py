"""The policy rules hold no figures of their own (purity of the package: tests/test_pure_packages.py)."""

from __future__ import annotations

import ast

from .conftest import SRC

POLICY = SRC / "skillup" / "policy"


def test_no_policy_figure_is_a_literal_in_the_rules():
    # Every amount, rate and minimum lives in the catalogue; rule code holds no number but 0 and 1.
    for path in (POLICY / "rules").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and type(node.value) in (int, float):
                assert node.value in (0, 1), (path.name, node.lineno, node.value)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Decimal" and node.args:
                arg = node.args[0]
                assert isinstance(arg, ast.Constant) and arg.value in (0, "0"), (path.name, node.lineno)

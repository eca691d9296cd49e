"""The money apps' layering (issue 12): fund depends on subsidies, never the reverse — the review reaches
the fund through `subsidies.funding.Funding`, which the fund app registers. And no `may_*` flag is left in
the money apps' views and templates: each action's rule is its `can_<action>` verdict."""

import ast
import re
from pathlib import Path

import skillup

SRC = Path(skillup.__file__).parent
# subsidies/demo.py seeds placeholder budgets through fund.services (owned by the registry slice, issue 12
# defect 7); the demo is not a layer of the app.
NOT_A_LAYER = {"demo.py"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_subsidies_never_imports_fund_not_even_inside_a_function():
    offenders = {
        str(path.relative_to(SRC)): sorted(m for m in _imports(path) if m.startswith("skillup.fund"))
        for path in (SRC / "subsidies").rglob("*.py")
        if path.name not in NOT_A_LAYER
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_fund_registers_the_funding_the_review_uses():
    from skillup.fund.funding import FundFunding
    from skillup.subsidies.funding import funding

    assert isinstance(funding(), FundFunding)


def test_no_may_flags_in_the_money_views_and_templates():
    files = [p for app in ("subsidies", "fund", "whatif") for p in (SRC / app).glob("views*.py")]
    files += [p for app in ("subsidies", "fund", "whatif") for p in (SRC / "templates" / app).rglob("*.html")]
    assert files
    hits = {str(p.relative_to(SRC)) for p in files if re.search(r"\bmay_", p.read_text(encoding="utf-8"))}
    assert hits == set()
    assert "may_write" not in (SRC / "whatif" / "services.py").read_text(encoding="utf-8")

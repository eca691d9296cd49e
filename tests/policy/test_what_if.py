"""What-if: the quote CLI under an overlay catalogue, and the default-vs-overlay comparison."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from skillup.policy import Claim, load_catalogue, quote

from .conftest import REPO, lines, run_cli

EXAMPLES = REPO / "docs" / "examples"
UPLIFT = EXAMPLES / "what-if-uplift-20.yaml"
NEW_STANDARD = EXAMPLES / "what-if-new-standard.yaml"

SENIOR_WELDER = {"scheme": "vocational_certificate", "occupation": "焊工", "level": "高级", "hours": 100}


def _feed(*objs) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


def test_an_uplift_of_20_percent_gives_a_trade_friction_welder_4200():
    claim = Claim(
        "vocational_certificate", dt.date(2020, 6, 15), "焊工", "高级", 100, uplifts=("trade_friction",)
    )
    assert quote(claim).amount == Decimal("4550.00")
    decision = quote(claim, (), load_catalogue(UPLIFT))
    assert decision.amount == Decimal("4200.00")
    assert any("模拟" in b.clause and "20%" in b.detail for b in decision.basis)


def test_a_new_dated_standard_applies_from_its_start_only():
    cat = load_catalogue(NEW_STANDARD)
    before = Claim("vocational_certificate", dt.date(2020, 12, 31), "焊工", "高级", 100)
    after = Claim("vocational_certificate", dt.date(2021, 1, 1), "焊工", "高级", 100)
    later = Claim("vocational_certificate", dt.date(2022, 3, 1), "焊工", "高级", 100)
    assert quote(before, (), cat).amount == Decimal("3500.00")
    assert quote(after, (), cat).amount == Decimal("4000.00")
    assert quote(later, (), cat).amount == Decimal("4000.00")
    assert quote(later).refusals == ("no_standard_in_force",)  # the default is untouched


def test_the_cli_runs_under_an_overlay_and_compares_per_scheme():
    feed = _feed(
        {"id": "a", "date": "2020-06-15", "uplift": "trade_friction", **SENIOR_WELDER},
        {"id": "b", "date": "2020-06-15", "uplift": "trade_friction", **SENIOR_WELDER},
        {"id": "c", "scheme": "syb_training", "date": "2020-06-15", "hours": 56},
    )
    done = run_cli("--catalogue", str(UPLIFT), "--compare", stdin=feed)
    assert done.returncode == 0, done.stderr
    assert [o["amount"] for o in lines(done.stdout)] == ["4200.00", "4200.00", "1000.00"]
    table = {row.split()[0]: row.split()[1:] for row in done.stderr.splitlines()[1:]}
    assert table["vocational_certificate"] == ["2", "9100.00", "8400.00", "-700.00"]
    assert table["syb_training"] == ["1", "1000.00", "1000.00", "0.00"]
    assert table["total"] == ["3", "10100.00", "9400.00", "-700.00"]

"""The policy read aloud: every case under cases/*.yaml, named as the policy reads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from skillup.policy import quote
from skillup.policy.contract import ContractError, decision_to_json, parse_claim

CASES = [
    case
    for path in sorted((Path(__file__).parent / "cases").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]


def _stringify_dates(value):
    # YAML reads 2020-06-15 as a date; the contract takes strings, as JSON would carry them.
    if isinstance(value, dict):
        return {k: _stringify_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_dates(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    obj = {"id": case["name"], **_stringify_dates(case["input"])}
    if "error" in case:
        with pytest.raises(ContractError) as raised:
            parse_claim(obj)
        assert raised.value.field == case["error"]
        assert case["error"] in str(raised.value)
        return
    claim, history = parse_claim(obj)
    out = decision_to_json(case["name"], quote(claim, history))
    if "amount" in case:
        assert out["eligible"] is True, out["basis"]
        assert out["amount"] == case["amount"]
        assert out["refusals"] == []
    else:
        assert out["eligible"] is False
        assert out["amount"] == "0.00"
        assert case["refusal"] in out["refusals"], out["basis"]
    if "basis_contains" in case:
        assert any(case["basis_contains"] in b["detail"] for b in out["basis"]), out["basis"]


def test_cases_cover_every_scheme():
    from skillup.policy.catalogue import schemes

    covered = {c["input"]["scheme"] for c in CASES}
    assert {s["code"] for s in schemes()} <= covered


def test_cases_cover_the_boundary_dates():
    dates = {str(c["input"]["date"]) for c in CASES}
    assert {"2019-10-28", "2019-10-29", "2021-12-31", "2022-01-01"} <= dates

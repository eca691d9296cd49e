"""Money is Decimal with two places, half-up, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillup.policy import Claim, quote
from skillup.policy.contract import ContractError, decision_to_json, parse_claim
from skillup.policy.money import money, parse_decimal

costs = st.decimals(min_value=0, max_value=100_000, places=3, allow_nan=False, allow_infinity=False)


@given(costs)
def test_money_has_two_places_and_rounds_half_up(value):
    result = money(value)
    assert isinstance(result, Decimal)
    assert result.as_tuple().exponent == -2
    assert abs(result - value) <= Decimal("0.005")
    assert result == value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_half_a_fen_rounds_up():
    assert money(Decimal("0.005")) == Decimal("0.01")
    assert money(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67


@given(costs, st.sampled_from(["modern_apprenticeship", "enterprise_competition", "district_competition"]))
def test_capped_amounts_are_the_lower_of_cost_and_cap_in_exact_decimals(cost, scheme):
    import datetime as dt

    decision = quote(Claim(scheme=scheme, date=dt.date(2020, 6, 15), cost=cost))
    cap = {"modern_apprenticeship": 5000, "enterprise_competition": 30000, "district_competition": 50000}[
        scheme
    ]
    assert decision.amount == money(min(cost, Decimal(cap)))
    out = decision_to_json("x", decision)
    assert isinstance(out["amount"], str) and len(out["amount"].split(".")[1]) == 2


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_is_never_accepted_as_money(value):
    with pytest.raises(ValueError):
        parse_decimal(value)


def test_cost_strings_are_parsed_exactly():
    claim, _ = parse_claim(
        {"id": "x", "scheme": "modern_apprenticeship", "date": "2020-06-15", "cost": "0.1"}
    )
    assert claim.cost == Decimal("0.1")
    with pytest.raises(ContractError, match="^cost:"):
        parse_claim({"id": "x", "scheme": "modern_apprenticeship", "date": "2020-06-15", "cost": "-5"})
    with pytest.raises(ContractError, match="^cost:"):
        parse_claim({"id": "x", "scheme": "modern_apprenticeship", "date": "2020-06-15", "cost": "NaN"})

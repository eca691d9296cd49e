"""The quote CLI reads lines with orjson where that gives exactly what `json.loads(raw, parse_float=Decimal)`
gives, and falls back to the standard library otherwise (issue 16 item 1: money never passes through a
float; the same answers, the same error messages)."""

import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from skillup.policy.cli import loads
from skillup.policy.model import Claim, Person

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2)
    | st.text(max_size=8)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
)


def _same(a, b) -> bool:
    return type(a) is type(b) and (
        (isinstance(a, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a))
        or (isinstance(a, list) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True)))
        or (not isinstance(a, dict | list) and a == b)
    )


def _dump(value) -> str:
    """JSON text with Decimals written as JSON numbers (1.50, -3E+2), as a caller might send them."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {_dump(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(_dump(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


@given(st.dictionaries(st.text(max_size=6), VALUES, max_size=5))
def test_loads_is_the_standard_library_with_decimals(obj):
    raw = _dump(obj).encode()
    assert _same(loads(raw), json.loads(raw, parse_float=Decimal))


def test_fractions_and_exponents_are_decimals_never_floats():
    for text in (b'{"hours": 70.0}', b'{"a": [1.5e2]}', b'{"h": [{"amount": 0.1}]}', b'{"x": -2E-3}'):
        assert not _has_floats(loads(text)), text
        assert loads(text) == json.loads(text, parse_float=Decimal)
    assert loads(b'{"cost": "123.00", "n": 3}') == {"cost": "123.00", "n": 3}


def test_what_orjson_refuses_is_read_or_refused_as_the_standard_library_does():
    assert loads(b'{"n": 123456789012345678901234567890}')["n"] == 123456789012345678901234567890
    assert str(loads(b'{"n": NaN}')["n"]) == str(json.loads(b'{"n": NaN}')["n"])
    for bad in (b"{broken", b'{"a": 1,}'):
        try:
            loads(bad)
        except ValueError as exc:
            try:
                json.loads(bad)
            except ValueError as std:
                assert str(exc) == str(std)
        else:
            raise AssertionError(bad)


def _has_floats(value) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_floats(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_floats(v) for v in value)
    return False


@given(
    st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.decimals(allow_nan=False, allow_infinity=False)
)
def test_the_c_level_precheck_never_misses_a_number_orjson_reads_as_a_float(number):
    """A line the byte check passes as float-free is returned as orjson read it: the check must catch
    every number orjson turns into a float (fractions, exponents, integers beyond 64 bits)."""
    import orjson

    from skillup.policy.cli import _float_possible

    text = number if isinstance(number, Decimal) else json.dumps(number)
    raw = f'{{"id": "c1", "person": {{"groups": ["employee"]}}, "v": [{text}]}}'.encode()
    if isinstance(orjson.loads(raw)["v"][0], float):
        assert _float_possible(raw), raw
    assert _same(loads(raw), json.loads(raw, parse_float=Decimal))


@given(
    st.tuples(
        st.text(max_size=4),
        st.dates(),
        st.none() | st.text(max_size=4),
        st.none() | st.sampled_from(["初级", "高级"]),
        st.none() | st.integers(0, 500),
        st.none() | st.decimals(places=2, allow_nan=False, allow_infinity=False),
        st.tuples() | st.tuples(st.text(max_size=3)),
        st.none() | st.text(max_size=3),
        st.none() | st.integers(0, 9),
        st.none() | st.integers(0, 9),
        st.none() | st.integers(0, 9),
        st.none() | st.booleans(),
        st.none() | st.decimals(places=2, allow_nan=False, allow_infinity=False),
        st.builds(Person, groups=st.tuples() | st.tuples(st.just("employee")), pension=st.booleans()),
    )
)
def test_the_fast_claim_constructor_builds_what_the_dataclass_builds(values):
    """contract._claim fills the slots in C; the object is the one Claim(*values) makes, and still frozen."""
    import dataclasses

    import pytest

    from skillup.policy.contract import CLAIM_FIELDS, _claim

    fast, plain = _claim(values), Claim(*values)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert all(getattr(fast, name) is value for name, value in zip(CLAIM_FIELDS, values, strict=True))
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.hours = 1

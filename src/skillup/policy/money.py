"""Money is Decimal yuan with two places, rounded half-up; floats never enter."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal | int) -> Decimal:
    """Round to two places, half-up (QUOTE.md: yuan, two places, half-up rounding)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_decimal(value: object) -> Decimal:
    """A decimal string, an int or a Decimal (json parse_float=Decimal); never a float; finite."""
    if isinstance(value, bool | float):
        raise ValueError("应为十进制字符串")
    if isinstance(value, Decimal | int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError('应为十进制数字字符串，如 "1200.00"') from None
    else:
        raise ValueError('应为十进制数字字符串，如 "1200.00"')
    if not result.is_finite():
        raise ValueError("应为有限的数字")
    return result


def yuan(value: Decimal) -> str:
    """How an amount reads in a basis detail: two places."""
    return f"{money(value)}"


def percent(rate: Decimal) -> str:
    """0.30 → '30%'."""
    return f"{(rate * 100).normalize():f}%"

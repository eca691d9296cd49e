from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pct(value, places: int = 1) -> str:
    """0.3125 → "31.3%"; None → "—"."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(str(value)) * 100:.{int(places)}f}%"

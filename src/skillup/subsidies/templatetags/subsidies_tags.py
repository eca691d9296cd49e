"""Policy wording the subsidies app offers to other apps' pages, read from the catalogue."""

from django import template

from skillup.core.clock import today
from skillup.subsidies import living

register = template.Library()


@register.simple_tag
def living_allowance_note() -> str:
    """第7条's groups and daily rate in force today (catalogue scheme `living_allowance`)."""
    return living.note(today())

"""A template builtin (settings.TEMPLATES `builtins`): the `date` filter shows stored moments on the
business clock (skillup.core.clock.business_time), so every page agrees with the business dates beside
it; `realtime` shows the wall-clock moment where it matters (the audit trail)."""

import datetime as dt

from django import template
from django.template.defaultfilters import date as django_date

from skillup.core.clock import business_time

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = business_time(value)
    return django_date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def realtime(value, arg="Y-m-d H:i:s"):
    """The real (wall-clock) moment, for the audit trail."""
    return django_date(value, arg)

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def yuan(value) -> str:
    """3500 → "3,500.00" (money is shown with two places, never rounded away)."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(value)
    return f"{amount:,.2f}"


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for filters and pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def can(context, name: str, obj=None):
    """`{% can "review_claim" claim as allowed %}`: the same `can_<action>` verdict the service enforces
    (core/permissions.py); `{{ allowed.reason }}` says why not."""
    from skillup.core.permissions import check

    return check(name, context["request"].user, obj)


@register.simple_tag(takes_context=True)
def object_panels(context, obj) -> str:
    """`{% object_panels klass %}`: what other apps show on this object's page (core.registry
    `panels.py` modules; e.g. integrity's findings on a class), each rendered and scoped by its app."""
    from skillup.core.registry import object_panels as collect

    request = context.get("request")
    if request is None or obj is None:
        return ""
    return mark_safe("".join(collect(request, obj)))  # noqa: S308 — each panel is a rendered template

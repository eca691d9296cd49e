from decimal import Decimal, InvalidOperation

from django import template

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
def credit_panels(context, institution) -> str:
    """`{% credit_panels org %}`: the panels other apps show about an institution (core/registry.py)."""
    from django.utils.safestring import mark_safe

    from skillup.core.registry import credit_panels as panels

    return mark_safe("".join(panels(context["request"], institution)))  # each panel is a rendered template

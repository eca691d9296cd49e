from django import template

from skillup.policy.catalogue import scheme_names

register = template.Library()


@register.filter
def scheme_name(code: str) -> str:
    return scheme_names().get(code, code)


@register.filter
def group_name(code: str) -> str:
    from skillup.registry.groups import TARGET_GROUPS

    return TARGET_GROUPS.get(code, code)

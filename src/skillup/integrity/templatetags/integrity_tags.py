from django import template

from skillup.integrity.engine import LABELS

register = template.Library()


@register.filter
def signal_label(code: str) -> str:
    """`cloned_checkins` → 代签到 (the engine's Chinese names)."""
    return LABELS.get(code, code)

"""The home tile of HR and the auditor: open flagged findings, counted by the risk list's own selector
and filters, so the tile's number is what its link lists."""

from urllib.parse import urlencode

from django.urls import reverse

from skillup.core.registry import Todo
from skillup.integrity import home_spot, selectors
from skillup.integrity.permissions import can_read_findings


def todo(user) -> list[Todo]:
    return [*_findings(user), *home_spot.todo(user)]


def _findings(user) -> list[Todo]:
    if not can_read_findings(user):
        return []
    n = selectors.open_flagged_count(user)
    if not n:
        return []
    return [
        Todo(
            "待处理的诚信线索",
            n,
            f"{reverse('integrity:findings')}?{urlencode(selectors.OPEN_FLAGGED)}",
            "风险分 0.50 及以上，相关补贴暂缓支付；核实后排除或立案核查",
            level="danger",
        )
    ]

"""Home-page items of group-buys (called from `market/home.py`): unread messages, and for an institution
its groups that reached their minimum and wait for confirmation."""

from django.urls import reverse

from skillup.core.registry import Todo
from skillup.market import selectors_groups


def todo(user) -> list[Todo]:
    items: list[Todo] = []
    unread = selectors_groups.unread_count(user)
    if unread:
        items.append(
            Todo("未读消息", unread, reverse("market_groups:notifications"), "拼团、开班的进展", "primary")
        )
    count = selectors_groups.awaiting_confirmation(user).count()
    if count:
        items.append(
            Todo(
                "拼团已成团待确认开班",
                count,
                reverse("market_groups:groups"),
                "第17条：确认后开班并提交审批",
                "warning",
            )
        )
    return items

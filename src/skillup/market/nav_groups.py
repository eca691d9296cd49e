"""Navigation of group-buys (merged into `market/nav.py`'s NAV)."""

from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

NAV = [
    NavItem(
        "拼团广场",
        "market_groups:groups",
        frozenset({Role.TRAINEE, Role.ENTERPRISE, Role.INSTITUTION}),
        order=340,
    ),
    NavItem(
        "培训需求",
        "market_groups:demand",
        frozenset({Role.HR, Role.HR_ADMIN, Role.DEPT, Role.AUDITOR, Role.INSTITUTION}),
        order=341,
    ),
    NavItem(
        "我的消息",
        "market_groups:notifications",
        frozenset({Role.TRAINEE, Role.ENTERPRISE, Role.INSTITUTION}),
        order=950,
    ),
]

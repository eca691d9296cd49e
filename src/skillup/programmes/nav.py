from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

NAV = [
    NavItem(
        "技能大师工作室",
        "programmes:studios",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.ENTERPRISE, Role.INSTITUTION}),
        order=360,
    ),
]

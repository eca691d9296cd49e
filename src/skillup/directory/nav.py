from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

NAV = [
    NavItem(
        "职业目录",
        "directory_list",
        frozenset({Role.HR, Role.HR_ADMIN, Role.DEPT, Role.FINANCE, Role.AUDITOR}),
        order=530,
    ),
]

"""Menu entry of the integrity cases (collected by integrity/nav.py)."""

from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

CASE_READERS = frozenset({Role.HR, Role.HR_ADMIN, Role.AUDITOR, Role.FINANCE, Role.DEPT, Role.INSTITUTION})

NAV = [
    NavItem("核查案件", "integrity:cases", CASE_READERS, order=345),
]

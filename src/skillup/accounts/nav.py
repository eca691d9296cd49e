from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

NAV = [NavItem("审计日志", "audit_list", frozenset({Role.HR_ADMIN, Role.AUDITOR}), order=900)]

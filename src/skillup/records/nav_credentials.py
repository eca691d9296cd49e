from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

NAV = [
    NavItem("可验证凭证", "credentials:list", frozenset({Role.HR, Role.HR_ADMIN}), order=338),
    NavItem("我的证书凭证", "credentials:list", frozenset({Role.TRAINEE}), order=321),
]

from skillup.accounts.roles import ALL_ROLES, Role
from skillup.core.registry import NavItem

NAV = [NavItem("我的导出", "exports:job_list", ALL_ROLES - {Role.TRAINEE}, order=900, group="")]

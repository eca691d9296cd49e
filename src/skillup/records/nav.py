from skillup.accounts.roles import Role
from skillup.core.registry import NavItem
from skillup.records.nav_credentials import NAV as CREDENTIALS_NAV

NAV = [
    NavItem("我的终身档案", "records:mine", frozenset({Role.TRAINEE}), order=318),
    NavItem("学员终身档案", "records:institution_people", frozenset({Role.INSTITUTION}), order=318),
    NavItem("导入历史培训记录", "records:import", frozenset({Role.HR, Role.HR_ADMIN}), order=337),
    *CREDENTIALS_NAV,
]

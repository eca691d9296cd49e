from skillup.accounts.roles import Role
from skillup.core.registry import NavItem
from skillup.market.nav_groups import NAV as GROUP_NAV

NAV = [
    NavItem("培训超市", "market:search", frozenset(Role), order=340),
    NavItem("我的课程", "market:manage", frozenset({Role.INSTITUTION, Role.HR, Role.HR_ADMIN}), order=341),
    NavItem("政策计算器", "market:calculator", frozenset(Role), order=342),
    *GROUP_NAV,
]

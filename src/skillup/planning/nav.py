from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

DISTRICT = frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR})

NAV = [
    NavItem("全区驾驶舱", "planning:dashboard", DISTRICT, order=50),
    NavItem("年度计划", "planning:plan_list", DISTRICT | {Role.DEPT}, order=300),
    NavItem("月报", "planning:report_list", DISTRICT | {Role.DEPT}, order=310),
    NavItem("协调会议", "planning:meeting_list", DISTRICT | {Role.DEPT}, order=312),
    NavItem("绩效评价", "planning:ranking", DISTRICT, order=320),
    NavItem("技能人才统计", "planning:skill_stats", DISTRICT, order=330),
]

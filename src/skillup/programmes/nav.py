from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

NAV = [
    NavItem(
        "精英提升培训",
        "programmes:elite",
        frozenset(
            {Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT, Role.ENTERPRISE, Role.INSTITUTION}
        ),
        order=357,
    ),
    NavItem(
        "技能竞赛与岗位练兵",
        "programmes:competitions",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT, Role.ENTERPRISE}),
        order=363,
    ),
    NavItem(
        "技能大师工作室",
        "programmes:studios",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.ENTERPRISE, Role.INSTITUTION}),
        order=360,
    ),
    NavItem(
        "领航计划与农民培训",
        "programmes:projects",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT}),
        order=358,
    ),
    NavItem(
        "首席技师与试点企业",
        "programmes:registers",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.ENTERPRISE}),
        order=359,
    ),
    NavItem(
        "公共实训基地",
        "programmes:bases",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT, Role.INSTITUTION}),
        order=361,
    ),
    NavItem(
        "实训教师轮训",
        "programmes:rotations",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT, Role.INSTITUTION}),
        order=362,
    ),
    NavItem(
        "政策宣传",
        "programmes:articles",
        frozenset({Role.HR, Role.HR_ADMIN}),
        order=363,
    ),
]

from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

NAV = [
    NavItem(
        "培训班",
        "training_class_list",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT, Role.INSTITUTION}),
        order=200,
    ),
    NavItem("开班审批", "training_approvals", frozenset({Role.DEPT, Role.HR, Role.HR_ADMIN}), order=210),
    NavItem(
        "机构备案",
        "filing_list",
        frozenset({Role.HR, Role.HR_ADMIN, Role.INSTITUTION, Role.AUDITOR}),
        order=220,
    ),
    NavItem(
        "培训机构",
        "institution_list",
        frozenset({Role.HR, Role.HR_ADMIN, Role.AUDITOR, Role.DEPT}),
        order=230,
    ),
    NavItem(
        "职业类别查询",
        "training_occupations",
        frozenset({Role.HR, Role.HR_ADMIN, Role.DEPT, Role.INSTITUTION, Role.AUDITOR}),
        order=240,
    ),
    NavItem("账号核验", "training_binding_queue", frozenset({Role.HR, Role.HR_ADMIN}), order=250),
    NavItem("我的培训", "training_my_classes", frozenset({Role.TRAINEE}), order=200),
]

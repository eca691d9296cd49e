from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

NAV = [
    NavItem(
        "人员",
        "people_list",
        frozenset(
            {Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT, Role.INSTITUTION, Role.ENTERPRISE}
        ),
        order=500,
    ),
    NavItem(
        "企业",
        "enterprise_list",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT}),
        order=510,
    ),
    NavItem("本企业信息", "enterprise_list", frozenset({Role.ENTERPRISE}), order=510),
    NavItem(
        "成员单位",
        "organisation_list",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT}),
        order=520,
    ),
    NavItem("我的信息", "my_profile", frozenset({Role.TRAINEE}), order=500),
    NavItem("本单位收款账号", "my_bank_account", frozenset({Role.INSTITUTION, Role.ENTERPRISE}), order=530),
    NavItem(
        "劳动关系",
        "employment_list",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.ENTERPRISE}),
        order=512,
    ),
    NavItem(
        "企业资格",
        "qualification_list",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.ENTERPRISE}),
        order=514,
    ),
    NavItem(
        "培训场地",
        "venue_list",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT, Role.INSTITUTION}),
        order=516,
    ),
]

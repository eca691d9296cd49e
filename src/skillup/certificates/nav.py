from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

NAV = [
    NavItem(
        "证书库",
        "certificate_list",
        frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.ASSESSOR}),
        order=320,
    ),
    NavItem("我的证书", "certificate_list", frozenset({Role.TRAINEE}), order=320),
    NavItem("待核验证书", "certificate_queue", frozenset({Role.HR, Role.HR_ADMIN, Role.AUDITOR}), order=325),
    NavItem("登记证书", "certificate_new", frozenset({Role.ASSESSOR}), order=330),
    NavItem(
        "批量导入证书", "certificate_import", frozenset({Role.ASSESSOR, Role.HR, Role.HR_ADMIN}), order=335
    ),
    NavItem("机构备案", "filing_list", frozenset({Role.ASSESSOR}), order=340),
]

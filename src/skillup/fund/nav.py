from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

READERS = frozenset({Role.FINANCE, Role.HR, Role.HR_ADMIN, Role.AUDITOR})

NAV = [
    NavItem("支付批次", "batch_list", READERS, order=310),
    NavItem("支付失败", "failed_payments", READERS, order=315),
    NavItem("专项资金", "fund_overview", READERS, order=320),
    NavItem("月度对账", "reconciliation", READERS, order=330),
    NavItem("应收追回款", "fund_receivables", READERS, order=335),
]

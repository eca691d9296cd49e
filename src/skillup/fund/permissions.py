"""Who may do what with the fund (core/permissions.py): payment batches and result files, budgets,
allocations, reversals, the monthly reconciliation. The services require these verdicts; pages and the
API show them."""

from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse

HR_ROLES = (Role.HR, Role.HR_ADMIN)
READERS = (Role.FINANCE, *HR_ROLES, Role.AUDITOR)


def _role(actor):
    return getattr(actor, "role", None)


@permission
def can_create_batch(actor) -> Verdict:
    """Payment batches, their files, result files and reissues are Finance's."""
    return ALLOWED if _role(actor) == Role.FINANCE else refuse("支付批次由财政局经办人员办理")


@permission
def can_import_result(actor, batch=None) -> Verdict:
    return can_create_batch(actor)


@permission
def can_reissue(actor) -> Verdict:
    return can_create_batch(actor)


@permission
def can_set_budget(actor) -> Verdict:
    return ALLOWED if _role(actor) in HR_ROLES else refuse("部门年度预算由人社局核定")


@permission
def can_record_allocation(actor) -> Verdict:
    return ALLOWED if _role(actor) == Role.FINANCE else refuse("专项资金拨入由财政局登记")


@permission
def can_reverse_entry(actor, entry=None) -> Verdict:
    return ALLOWED if _role(actor) == Role.FINANCE else refuse("冲销由财政局办理")


@permission
def can_sign_reconciliation(actor, month=None) -> Verdict:
    if _role(actor) in (*HR_ROLES, Role.FINANCE):
        return ALLOWED
    return refuse("月度对账由人社局和财政局签字")


@permission
def can_correct_payee(actor) -> Verdict:
    """After a failed payment HR registers the person's new card or the organisation's new account."""
    return ALLOWED if _role(actor) in HR_ROLES else refuse("收款账号由人社局更正")


@permission
def can_read_fund(actor) -> Verdict:
    if _role(actor) in READERS:
        return ALLOWED
    return refuse("专项资金余额仅供财政局、人社局和审计查看")


@permission
def can_raise_recovery(actor) -> Verdict:
    """Paid money a confirmed case found was obtained by fraud becomes a receivable: HR decides the
    case (integrity), so HR raises it."""
    return ALLOWED if _role(actor) in HR_ROLES else refuse("应追回款由人社局根据查实的核查案件登记")


@permission
def can_record_repayment(actor, claim=None) -> Verdict:
    return ALLOWED if _role(actor) == Role.FINANCE else refuse("追回款到账由财政局登记")

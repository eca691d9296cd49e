"""Who may read the audit trail (accounts): one rule, used by the page, its export and the admin list."""

from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse

AUDIT_READERS = (Role.HR_ADMIN, Role.AUDITOR)


@permission
def can_read_audit_log(actor) -> Verdict:
    """HR administrators and auditors read the whole trail."""
    if actor.role in AUDIT_READERS:
        return ALLOWED
    return refuse("只有系统管理员和审计人员可以查看审计日志")

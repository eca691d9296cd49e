"""Who may import history and share a record: one `can_<action>` verdict per action."""

from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse

HR_ROLES = (Role.HR, Role.HR_ADMIN)


@permission
def can_import_history(actor) -> Verdict:
    """HR imports the historical entries of earlier systems."""
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以导入历史培训记录")
    return ALLOWED


@permission
def can_share_record(actor) -> Verdict:
    """A trainee shares their own record (a link with an expiry)."""
    if actor.role != Role.TRAINEE or not actor.person_id:
        return refuse("只有学员本人可以分享自己的终身档案")
    return ALLOWED


@permission
def can_revoke_share(actor, link) -> Verdict:
    """The trainee who owns the record revokes its link, once."""
    if actor.role != Role.TRAINEE or actor.person_id != link.person_id:
        return refuse("只有学员本人可以撤销自己的分享链接")
    if link.revoked_at is not None:
        return refuse("该分享链接已撤销")
    return ALLOWED


from skillup.records.permissions_credentials import *  # noqa: E402, F403 — the credentials' verdicts

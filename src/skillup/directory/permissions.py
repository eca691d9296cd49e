"""Who may read and keep HR's occupation directory (附件2 注2: 人社部门发文颁布的新工种)."""

from skillup.accounts.roles import OFFICERS, Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse

MAINTAINERS = frozenset({Role.HR, Role.HR_ADMIN})
READERS = OFFICERS


@permission
def can_read_directory(actor) -> Verdict:
    if getattr(actor, "role", None) in READERS:
        return ALLOWED
    return refuse("职业（工种）目录供经办人员查阅")


@permission
def can_edit_directory(actor) -> Verdict:
    if getattr(actor, "role", None) in MAINTAINERS:
        return ALLOWED
    return refuse("只有人社局可以维护职业（工种）目录")

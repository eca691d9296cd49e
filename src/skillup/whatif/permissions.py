"""Who may write what-if drafts (core/permissions.py): HR's policy office drafts and runs comparisons;
Finance and auditors read."""

from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse

WRITERS = frozenset({Role.HR, Role.HR_ADMIN})


@permission
def can_write_draft(actor, draft=None) -> Verdict:
    if getattr(actor, "role", None) in WRITERS:
        return ALLOWED
    return refuse("政策测算草案由人社局政策科起草")

from skillup.accounts.models import ApiToken, AuditEntry, User
from skillup.accounts.roles import Role


def tokens_of(user: User):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


def audit_entries_visible_to(user: User, *, object_type: str = "", object_id: str = ""):
    """HR administrators and auditors read the whole trail; everyone else only what they did themselves."""
    qs = AuditEntry.objects.all()
    if user.role not in (Role.HR_ADMIN, Role.AUDITOR):
        qs = qs.filter(actor=user)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    return qs.order_by("-seq")

from django.db.models import QuerySet

from skillup.accounts import audit_labels, permissions
from skillup.accounts.models import ApiToken, AuditEntry, User


def tokens_of(user: User):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


def audit_entries_visible_to(user: User, *, object_type: str = "", object_id: str = ""):
    """HR administrators and auditors read the whole trail; everyone else only what they did themselves."""
    qs = AuditEntry.objects.all()
    if not permissions.can_read_audit_log(user):
        qs = qs.filter(actor=user)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    return qs.order_by("-seq")


def audit_object_types(user: User) -> list[tuple[str, str]]:
    """(type, Chinese name) of the objects in the trail the user may read, for the filter."""
    types = audit_entries_visible_to(user).order_by().values_list("object_type", flat=True).distinct()
    return audit_labels.object_type_choices(types)


def audit_filtered(user: User, params) -> "QuerySet[AuditEntry]":
    """The audit page's, export's filters in one place. `action`: one action code (chosen by its Chinese
    name); `q`: words of a Chinese action name (所有名称含这些字的操作); `object_type` + `object`: the object's
    id as stored, or its business number (班级编号, 证书编号, 单位代码)."""
    object_type = (params.get("object_type") or "").strip()
    number = (params.get("object") or "").strip()
    object_id = number
    if object_type and number:
        object_id = audit_labels.object_pk_for(object_type, number) or number
    qs = audit_entries_visible_to(user, object_type=object_type, object_id=object_id)
    action = (params.get("action") or "").strip()
    if action:
        qs = qs.filter(action=action)
    text = (params.get("q") or "").strip()
    if text:
        qs = qs.filter(action__in=audit_labels.codes_named(text))
    return qs

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction

from skillup.accounts import audit_labels
from skillup.accounts.admin_audit import AuditedAdmin, AuditedModelAdmin, audit_registered
from skillup.accounts.models import ApiToken, AuditEntry, User
from skillup.accounts.services import api_token_revoke


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    """Role, organisation, linked person, permissions and password: each change is an audited row."""

    list_display = ("username", "first_name", "role", "organisation", "is_active", "last_login")
    list_filter = ("role", "is_active", "organisation__kind")
    search_fields = ("username", "first_name", "organisation__name")
    fieldsets = BaseUserAdmin.fieldsets + (("角色与单位", {"fields": ("role", "organisation", "person")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("角色与单位", {"fields": ("role", "organisation")}),)
    raw_id_fields = ("person", "organisation")

    def user_change_password(self, request, id, form_url=""):
        # Django saves the password form outside save_model; one transaction keeps it with its audit row.
        with transaction.atomic():
            return super().user_change_password(request, id, form_url)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    """View and revoke only: an edit here could revive a revoked token or lengthen its life unaudited, so
    the one change offered is the audited revocation (issue 10 items 7 and 9)."""

    list_display = (
        "prefix",
        "user",
        "name",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("scope",)
    search_fields = ("prefix", "user__username", "name")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="吊销所选令牌", permissions=["view"])
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            api_token_revoke(token=token, actor=request.user)
        self.message_user(request, f"已吊销 {len(tokens)} 个令牌。")


class AuditActionFilter(admin.SimpleListFilter):
    title = "操作"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        present = model_admin.get_queryset(request).order_by().values_list("action", flat=True).distinct()
        return sorted(((c, audit_labels.action_label(c)) for c in present), key=lambda kv: kv[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only in the database as well. Actions and objects in Chinese, the
    same names as the audit log page (accounts/audit_labels.py). django-axes' own models and fields are
    translated in src/skillup/locale (the package ships no Chinese)."""

    list_display = (
        "seq",
        "at",
        "business_date",
        "actor_name",
        "action_name",
        "object_name",
        "object_id",
        "summary",
    )
    list_filter = (AuditActionFilter,)
    search_fields = ("object_id", "actor_name", "summary")

    @admin.display(description="操作", ordering="action")
    def action_name(self, obj):
        return audit_labels.action_label(obj.action)

    @admin.display(description="对象类型", ordering="object_type")
    def object_name(self, obj):
        return audit_labels.object_type_label(obj.object_type)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-axes names its app "Axes"; the app name is not part of any migration, so it is set here.
apps.get_app_config("axes").verbose_name = "登录安全"

# Admins registered by other packages: Django's groups (permissions) and django-axes (lockouts).
audit_registered(admin.site, Group, AccessAttempt, AccessLog, AccessFailureLog)

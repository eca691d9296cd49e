from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from skillup.accounts.models import ApiToken, AuditEntry, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "role", "organisation", "is_active", "last_login")
    list_filter = ("role", "is_active", "organisation__kind")
    search_fields = ("username", "first_name", "organisation__name")
    fieldsets = BaseUserAdmin.fieldsets + (("角色与单位", {"fields": ("role", "organisation", "person")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("角色与单位", {"fields": ("role", "organisation")}),)
    raw_id_fields = ("person", "organisation")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "user", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only in the database as well."""

    list_display = ("seq", "at", "actor_name", "action", "object_type", "object_id", "summary")
    list_filter = ("action",)
    search_fields = ("object_id", "actor_name", "summary")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

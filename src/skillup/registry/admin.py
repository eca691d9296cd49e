from django.contrib import admin

from skillup.accounts.admin_audit import AuditedModelAdmin
from skillup.registry import payees
from skillup.registry.models import Enterprise, Institution, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    """Where money goes changes only through the audited service (registry.services_accounts, the
    收款账号 page), never by a plain admin edit: the bank account is not even shown here in full. Every
    other field's change is an audited row (AuditedModelAdmin)."""

    list_display = ("code", "name", "kind", "sector")
    list_filter = ("kind",)
    search_fields = ("code", "name", "uscc")
    exclude = ("bank_account",)
    readonly_fields = ("bank_account_masked",)

    @admin.display(description="银行账号（只读，经收款账号页面变更）")
    def bank_account_masked(self, obj):
        return payees.account_display(obj.kind, obj.bank_account) if obj else ""


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("organisation", "industry", "listed", "chemical", "in_difficulty", "trade_friction")
    list_filter = ("listed", "chemical", "in_difficulty", "trade_friction", "high_skill_demo")
    search_fields = ("organisation__name",)

    # Policy flags change through the audited enterprise page; enterprises come with their organisation.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Institution)
class InstitutionAdmin(AuditedModelAdmin):
    list_display = ("organisation", "kind", "public_training_base")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Personal data changes only through audited services; the admin shows masked numbers only."""

    list_display = ("name", "id_masked", "sex", "birth_date", "employer")
    search_fields = ("name",)
    exclude = ("id_cipher", "id_hash", "citizen_card", "groups")
    readonly_fields = [
        *(
            f.name
            for f in Person._meta.fields
            if f.name not in ("id_cipher", "id_hash", "citizen_card", "groups")
        ),
        "group_names_display",
        "citizen_card_display",
    ]

    @admin.display(description="人员类别")
    def group_names_display(self, obj):
        # The stored codes (",employee,") are never shown; the Chinese names are.
        return obj.group_names if obj else ""

    @admin.display(description="市民卡（只读，经我的信息或人员页面更正）")
    def citizen_card_display(self, obj):
        return payees.account_display(payees.PERSON, payees.person_account(obj)) if obj else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

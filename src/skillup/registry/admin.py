from django.contrib import admin

from skillup.registry.models import Enterprise, Institution, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "sector")
    list_filter = ("kind",)
    search_fields = ("code", "name", "uscc")


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("organisation", "industry", "listed", "chemical", "in_difficulty", "trade_friction")
    list_filter = ("listed", "chemical", "in_difficulty", "trade_friction", "high_skill_demo")
    search_fields = ("organisation__name",)

    def has_change_permission(self, request, obj=None):
        return False  # policy flags change through the audited enterprise page


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("organisation", "kind", "public_training_base")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Personal data changes only through audited services; the admin shows masked numbers only."""

    list_display = ("name", "id_masked", "sex", "birth_date", "employer")
    search_fields = ("name",)
    exclude = ("id_cipher", "id_hash")
    readonly_fields = [f.name for f in Person._meta.fields if f.name not in ("id_cipher", "id_hash")]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

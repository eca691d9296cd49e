from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "skillup.exports"
    label = "exports"
    verbose_name = "导出"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every app's `exports.py` registers its spreadsheets (skillup.exports.registry).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("exports")

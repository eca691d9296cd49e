from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "skillup.core"
    label = "core"
    verbose_name = "公共"

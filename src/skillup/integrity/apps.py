from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "skillup.integrity"
    verbose_name = "诚信监管"

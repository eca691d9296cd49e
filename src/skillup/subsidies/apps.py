from django.apps import AppConfig


class SubsidiesConfig(AppConfig):
    name = "skillup.subsidies"
    label = "subsidies"
    verbose_name = "补贴申领"

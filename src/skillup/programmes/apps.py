from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "skillup.programmes"
    label = "programmes"
    verbose_name = "项目管理"

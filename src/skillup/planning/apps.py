from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "skillup.planning"
    label = "planning"
    verbose_name = "计划、月报与考核"

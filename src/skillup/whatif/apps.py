from django.apps import AppConfig


class WhatifConfig(AppConfig):
    name = "skillup.whatif"
    label = "whatif"
    verbose_name = "政策测算"
    default_auto_field = "django.db.models.BigAutoField"

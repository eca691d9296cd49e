from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "skillup.training"
    label = "training"
    verbose_name = "培训"

from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "skillup.records"
    label = "records"
    verbose_name = "终身职业技能培训档案"

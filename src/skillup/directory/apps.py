from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "skillup.directory"
    label = "directory"
    verbose_name = "职业（工种）目录"

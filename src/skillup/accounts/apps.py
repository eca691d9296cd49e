from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "skillup.accounts"
    label = "accounts"
    verbose_name = "账号与审计"

    def ready(self):
        from skillup.accounts import signals  # noqa: F401  (revoke API tokens on a password change)

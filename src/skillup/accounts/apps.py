from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "skillup.accounts"
    label = "accounts"
    verbose_name = "账号与审计"

    def ready(self):
        from skillup.accounts import (
            checks,  # noqa: F401 (registers the deploy checks)
            signals,  # noqa: F401  (revoke API tokens on a password change)
        )

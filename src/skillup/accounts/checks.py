"""System checks of the accounts context (`skillup check --deploy`)."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def sms_gateway_configured(app_configs, **kwargs):
    """Without a real gateway no one-time code reaches anyone, and signups wait for an officer."""
    if settings.SMS_BACKEND == "skillup.accounts.sms.LogBackend":
        return [
            Warning(
                "SMS_BACKEND is the development log backend: with DEBUG off it sends no one-time codes.",
                hint="Set SMS_BACKEND=skillup.accounts.sms.HttpBackend, SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN "
                "(docs/operations.md, SMS).",
                id="skillup.W001",
            )
        ]
    if settings.SMS_BACKEND == "skillup.accounts.sms.HttpBackend" and not settings.SMS_GATEWAY_URL:
        return [Warning("SMS_GATEWAY_URL is not set.", id="skillup.W002")]
    return []

"""The SMS adapter (issue 10 item 1): one-time codes reach the phone on record through `send()`.

`settings.SMS_BACKEND` is the dotted path of a backend class with `send(phone, message)`:

- `LogBackend` (the default): writes the message to the log and keeps the latest messages in the cache
  for the outbox page `/dev/sms/`, which exists only with DEBUG on. With DEBUG off it refuses to send, so
  a code never lands in a production log (and `check --deploy` warns, see `accounts.checks`).
- `HttpBackend`: a generic JSON gateway. `POST SMS_GATEWAY_URL` with
  `Authorization: Bearer SMS_GATEWAY_TOKEN` and `{"phone": "13800000000", "message": "…"}`; any 2xx is
  accepted, anything else (or no answer within SMS_GATEWAY_TIMEOUT seconds) is an `SmsError`.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger("skillup.sms")

OUTBOX_KEY = "sms:outbox"
OUTBOX_SIZE = 50
OUTBOX_SECONDS = 24 * 3600


class SmsError(Exception):
    """The message could not be handed to the gateway."""


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


def send(phone: str, message: str) -> None:
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(phone, f"{settings.SMS_SIGNATURE}{message}")


class LogBackend:
    """Development backend: the log and the DEBUG outbox page."""

    def send(self, phone: str, message: str) -> None:
        if not settings.DEBUG:
            log.error("SMS to %s not sent: SMS_BACKEND is the development log backend", mask_phone(phone))
            raise SmsError("短信网关未配置")
        log.info("SMS to %s: %s", phone, message)
        outbox = cache.get(OUTBOX_KEY) or []
        outbox.insert(0, {"at": timezone.now().isoformat(), "phone": phone, "message": message})
        cache.set(OUTBOX_KEY, outbox[:OUTBOX_SIZE], timeout=OUTBOX_SECONDS)


def outbox() -> list[dict]:
    """The latest messages of the log backend, newest first (for the DEBUG page only)."""
    return list(cache.get(OUTBOX_KEY) or [])


class HttpBackend:
    """A generic JSON-over-HTTPS gateway (the district's SMS platform or a carrier's)."""

    def send(self, phone: str, message: str) -> None:
        url = settings.SMS_GATEWAY_URL
        if not url:
            raise SmsError("SMS_GATEWAY_URL 未设置")
        body = json.dumps({"phone": phone, "message": message}, ensure_ascii=False).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting, not user input)
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            log.warning("SMS gateway unreachable for %s: %s", mask_phone(phone), exc)
            raise SmsError("短信网关无响应") from None
        if not 200 <= status < 300:
            log.warning("SMS gateway answered %s for %s", status, mask_phone(phone))
            raise SmsError(f"短信网关返回 {status}")
        log.info("SMS to %s handed to the gateway", mask_phone(phone))

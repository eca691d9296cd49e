"""Request id for the audit trail (taken from X-Request-ID when a proxy sets one, else generated), and the
client's address behind a trusted reverse proxy."""

import ipaddress
import re
import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from skillup.core import context

_SAFE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = context.request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class ProxyClientAddressMiddleware:
    """Behind a reverse proxy, REMOTE_ADDR is the proxy's address: every client would share one throttle
    and lockout bucket, and attendance would record the proxy. When (and only when) the connection comes
    from an address in TRUSTED_PROXIES, the client is the rightmost X-Forwarded-For entry that is not
    itself a trusted proxy; REMOTE_ADDR is set to it before anything reads it (docs/operations.md
    "Reverse proxy"). From any other peer the header is ignored, since any client can send it."""

    def __init__(self, get_response):
        self.get_response = get_response
        try:
            self.trusted = [ipaddress.ip_network(item, strict=False) for item in settings.TRUSTED_PROXIES]
        except ValueError as exc:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from None

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    def __call__(self, request):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if self.trusted and forwarded and self._trusted(request.META.get("REMOTE_ADDR", "")):
            for hop in reversed([h.strip() for h in forwarded.split(",")]):
                try:
                    client = str(ipaddress.ip_address(hop))
                except ValueError:
                    break  # a malformed hop: keep the proxy's address rather than guess
                if not self._trusted(client):
                    request.META["REMOTE_ADDR"] = client
                    break
        return self.get_response(request)


DEVICE_COOKIE = "skillup_device"
_DEVICE = re.compile(r"^[0-9a-f]{32}$")


class DeviceIdMiddleware:
    """A stable, random id for each browser (a long-lived cookie), so a QR check-in records which phone
    scanned: integrity's cloned check-in signal counts trainees checked in from one phone. It identifies
    a device, not a person, and carries nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        known = request.COOKIES.get(DEVICE_COOKIE, "")
        request.device_id = known if _DEVICE.match(known) else uuid.uuid4().hex
        response = self.get_response(request)
        if request.device_id != known:
            response.set_cookie(
                DEVICE_COOKIE,
                request.device_id,
                max_age=60 * 60 * 24 * 365 * 3,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

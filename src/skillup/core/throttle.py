"""Attempt limits for what an attacker would try many times: self-signup identity checks, one-time codes,
bad API tokens (issue 10; OWASP ASVS 2.2.1 anti-automation).

Limits are data in settings (`THROTTLES`: scope → (attempts, window seconds)); counts live in the Django
cache — Redis in production (settings: CACHES follows REDIS_URL), so every worker sees the same counts;
the embedded default's local-memory cache counts per process. Keys are hashed, so a cache dump holds no
identity number or address.

    throttle.check("signup", request_ip)     # raises Throttled when the limit is used up
    throttle.hit("signup", request_ip)       # one more failed (or costly) attempt
    throttle.clear("signup", request_ip)     # after a success, where the scope says so
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache


class Throttled(Exception):
    """Too many attempts; `retry_after` seconds until the window frees up. The message says what to do."""

    def __init__(self, scope: str, retry_after: int):
        self.scope = scope
        self.retry_after = max(1, int(retry_after))
        minutes = math.ceil(self.retry_after / 60)
        super().__init__(f"尝试次数过多，请 {minutes} 分钟后再试")


def _limit(scope: str) -> tuple[int, int]:
    try:
        attempts, window = settings.THROTTLES[scope]
    except KeyError:
        raise KeyError(f"settings.THROTTLES has no scope {scope!r}") from None
    return int(attempts), int(window)


def _key(scope: str, subject: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{scope}|{subject}".encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}"


def _state(scope: str, subject: str) -> tuple[int, float]:
    """(attempts in the current window, when the window started)."""
    value = cache.get(_key(scope, subject))
    if not value:
        return 0, time.time()
    return int(value[0]), float(value[1])


def remaining(scope: str, subject: str) -> int:
    attempts, _window = _limit(scope)
    count, _started = _state(scope, subject)
    return max(0, attempts - count)


def check(scope: str, *subjects: str) -> None:
    """Raises Throttled when any of the subjects (an address, an identity hash, a user) used up its limit."""
    attempts, window = _limit(scope)
    for subject in subjects:
        if not subject:
            continue
        count, started = _state(scope, subject)
        if count >= attempts:
            raise Throttled(scope, started + window - time.time())


def hit(scope: str, *subjects: str) -> None:
    """Counts one attempt against each subject (fixed window starting at the first attempt)."""
    _attempts, window = _limit(scope)
    for subject in subjects:
        if not subject:
            continue
        count, started = _state(scope, subject)
        left = started + window - time.time()
        if left <= 0:
            count, started, left = 0, time.time(), window
        cache.set(_key(scope, subject), (count + 1, started), timeout=math.ceil(left))


def clear(scope: str, *subjects: str) -> None:
    for subject in subjects:
        if subject:
            cache.delete(_key(scope, subject))


def client_ip(request) -> str:
    """The client address: REMOTE_ADDR, which `core.middleware` sets from X-Forwarded-For only for a peer
    listed in TRUSTED_PROXIES (any client can send that header; docs/operations.md, Reverse proxy)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"

"""The public search page, cached for visitors who are not signed in (issue 13: search p95 under load).

A signed-in trainee's page carries their own prices and is never cached. A visitor's page depends only on
the query string, the business date (prices are quoted as of it) and the offers themselves, so it is kept
per (query, date, version) for `MARKET_SEARCH_CACHE_SECONDS` (60 s): every write to an offer bumps the
version after its transaction commits, so a published, changed or taken-down offer shows at once.

The page holds a CSRF token (base.html). A cached copy must never hand one visitor's token to another, so
the token is stored as a placeholder and each response gets the requester's own (`get_token`).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token

from skillup.core import clock

VERSION_KEY = "market:offers:version"
PLACEHOLDER = "__SKILLUP_CSRF_TOKEN__"


def seconds() -> int:
    return int(getattr(settings, "MARKET_SEARCH_CACHE_SECONDS", 60))


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


def _incr() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any version differs from the pages cached before
        cache.set(VERSION_KEY, _version() + 1, timeout=None)


def bump() -> None:
    """Called by every service that changes what the search shows: now, and again once its transaction
    commits — so a page cached by a concurrent visitor between the two, from the old rows, is dropped too
    (a rollback only costs one spurious refresh)."""
    _incr()
    transaction.on_commit(_incr)


def _key(request) -> str:
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.lists()))
    raw = f"{_version()}|{clock.today().isoformat()}|{query}"
    return "market:search:" + hashlib.sha256(raw.encode()).hexdigest()


def usable(request) -> bool:
    """Only for a visitor who is not signed in and has no message waiting to be shown."""
    return seconds() > 0 and not request.user.is_authenticated and "messages" not in request.COOKIES


def serve(request, build) -> HttpResponse:
    """The visitor's page from the cache, or built by `build(extra_context)` and kept. The page is built
    with the placeholder as its `csrf_token` (the view's context wins over the context processor), and
    every response, the first included, gets the requester's own token."""
    key = _key(request)
    html = cache.get(key)
    if html is None:
        response = build({"csrf_token": PLACEHOLDER})
        if response.status_code != 200:
            return response
        html = response.content.decode()
        cache.set(key, html, timeout=seconds())
    return HttpResponse(html.replace(PLACEHOLDER, get_token(request)))

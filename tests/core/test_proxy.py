"""Behind a TLS-terminating reverse proxy the client's address comes from X-Forwarded-For, but only when
the connection is from a proxy listed in TRUSTED_PROXIES (docs/operations.md "Reverse proxy")."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from skillup.core.middleware import ProxyClientAddressMiddleware
from skillup.core.throttle import client_ip


def _seen(rf, settings, trusted, peer, forwarded=None):
    settings.TRUSTED_PROXIES = trusted
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    request = rf.get("/", REMOTE_ADDR=peer, headers=headers)
    return ProxyClientAddressMiddleware(lambda r: client_ip(r))(request)


def test_the_client_behind_a_trusted_proxy_is_the_forwarded_address(rf, settings):
    assert _seen(rf, settings, ["127.0.0.1"], "127.0.0.1", "203.0.113.9") == "203.0.113.9"
    assert _seen(rf, settings, ["10.0.0.0/24"], "10.0.0.5", "203.0.113.9, 10.0.0.7") == "203.0.113.9"


def test_a_client_cannot_choose_its_address_by_sending_the_header(rf, settings):
    # straight to gunicorn, not through the proxy
    assert _seen(rf, settings, ["127.0.0.1"], "198.51.100.4", "203.0.113.9") == "198.51.100.4"
    # through the proxy, with a forged first hop: the proxy's own entry (rightmost) wins
    assert _seen(rf, settings, ["127.0.0.1"], "127.0.0.1", "1.2.3.4, 198.51.100.4") == "198.51.100.4"
    # nothing configured: the header is never read
    assert _seen(rf, settings, [], "127.0.0.1", "203.0.113.9") == "127.0.0.1"


def test_a_malformed_hop_keeps_the_proxy_address(rf, settings):
    assert _seen(rf, settings, ["127.0.0.1"], "127.0.0.1", "203.0.113.9, <script>") == "127.0.0.1"


def test_a_misconfigured_trusted_proxy_list_is_named_at_startup(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        ProxyClientAddressMiddleware(lambda r: None)

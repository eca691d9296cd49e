"""Bearer tokens at the API door (issue 10 item 9): they expire, they are revoked by a password change,
a read token cannot write, and refused tokens are throttled per client address."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from skillup.accounts.models import ApiToken, TokenScope
from skillup.accounts.services import api_token_create


def _bearer(token, address="10.0.0.1"):
    return {"headers": {"Authorization": f"Bearer {token}"}, "REMOTE_ADDR": address}


def test_a_new_token_lives_the_default_lifetime(cast, settings):
    token = api_token_create(user=cast.institution)
    row = ApiToken.objects.get(digest=ApiToken.digest_of(token))
    expected = timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS)
    assert abs((row.expires_at - expected).total_seconds()) < 60
    assert row.scope == TokenScope.READ_WRITE


def test_an_expired_token_is_401_saying_it_expired_and_how_to_get_a_new_one(cast, client):
    token = api_token_create(user=cast.institution, days=7)
    assert client.get("/api/v1/me", **_bearer(token)).status_code == 200
    ApiToken.objects.filter(user=cast.institution).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/api/v1/me", **_bearer(token))
    assert response.status_code == 401
    message = response.json()["errors"][0]["message"]
    assert "过期" in message
    assert "个人设置" in message and "skillup token create" in message


def test_a_revoked_token_is_401_saying_so(cast, client):
    token = api_token_create(user=cast.institution)
    ApiToken.objects.filter(user=cast.institution).update(revoked_at=timezone.now())
    response = client.get("/api/v1/me", **_bearer(token))
    assert response.status_code == 401
    assert "吊销" in response.json()["errors"][0]["message"]


def test_me_tells_the_client_its_token_scope_and_expiry(cast, client):
    token = api_token_create(user=cast.institution, days=30, scope=TokenScope.READ)
    body = client.get("/api/v1/me", **_bearer(token)).json()
    assert body["token"]["scope"] == "read"
    expires = dt.datetime.fromisoformat(body["token"]["expires_at"])
    assert expires.utcoffset() == dt.timedelta(hours=8)  # Asia/Shanghai
    assert 29 <= (expires - timezone.now()).days <= 30


def test_a_read_token_reads_but_any_write_is_403_in_the_api_error_shape(cast, client):
    token = api_token_create(user=cast.hr, scope=TokenScope.READ)
    assert client.get("/api/v1/me", **_bearer(token)).status_code == 200
    before = ApiToken.objects.count()
    response = client.post(
        "/api/v1/claims/review", data={}, content_type="application/json", **_bearer(token)
    )
    assert response.status_code == 403
    message = response.json()["errors"][0]["message"]
    assert "只读" in message and "读写令牌" in message
    assert ApiToken.objects.count() == before


def test_a_read_write_token_gets_past_the_door_on_a_write(cast, client):
    token = api_token_create(user=cast.hr, scope=TokenScope.READ_WRITE)
    response = client.post(
        "/api/v1/claims/review", data={}, content_type="application/json", **_bearer(token)
    )
    assert response.status_code not in (401, 403)  # the body is empty, so the schema answers


@given(method=st.sampled_from(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "get", "post"]))
def test_the_scope_rule_lets_a_read_token_use_only_safe_methods(method):
    read, read_write = ApiToken(scope=TokenScope.READ), ApiToken(scope=TokenScope.READ_WRITE)
    assert read_write.allows(method)
    assert read.allows(method) == (method.upper() in {"GET", "HEAD", "OPTIONS"})


def test_last_use_is_written_at_most_once_a_minute(cast, client):
    token = api_token_create(user=cast.institution)
    client.get("/api/v1/me", **_bearer(token))
    first = ApiToken.objects.get(user=cast.institution).last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/me", **_bearer(token))
    assert not [q for q in queries if q["sql"].startswith("UPDATE") and "accounts_apitoken" in q["sql"]]
    assert ApiToken.objects.get(user=cast.institution).last_used_at == first


def test_too_many_bad_tokens_from_one_address_is_429_with_retry_after(cast, client, settings):
    attempts, window = settings.THROTTLES["api_token"]
    for _ in range(attempts):
        assert client.get("/api/v1/me", **_bearer("su_guess")).status_code == 401
    response = client.get("/api/v1/me", **_bearer("su_guess"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= window
    assert "尝试次数过多" in response.json()["errors"][0]["message"]
    assert response["Content-Type"].startswith("application/json")


def test_expired_and_revoked_tokens_count_as_refused(cast, client, settings):
    settings.THROTTLES = {**settings.THROTTLES, "api_token": (2, 300)}
    expired = api_token_create(user=cast.institution)
    revoked = api_token_create(user=cast.finance)
    ApiToken.objects.filter(user=cast.institution).update(expires_at=timezone.now() - dt.timedelta(days=1))
    ApiToken.objects.filter(user=cast.finance).update(revoked_at=timezone.now())
    assert client.get("/api/v1/me", **_bearer(expired)).status_code == 401
    assert client.get("/api/v1/me", **_bearer(revoked)).status_code == 401
    assert client.get("/api/v1/me", **_bearer(expired)).status_code == 429


def test_a_throttled_address_is_refused_before_any_token_look_up_even_with_a_good_token(
    cast, client, settings
):
    """The decision (docs/architecture.md): over the limit every bearer request from that address waits,
    a good token too, or a guess that hits would still get in. Other addresses and sessions are unaffected."""
    settings.THROTTLES = {**settings.THROTTLES, "api_token": (3, 300)}
    good = api_token_create(user=cast.institution)
    for _ in range(3):
        client.get("/api/v1/me", **_bearer("su_guess", "10.0.0.9"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/me", **_bearer(good, "10.0.0.9"))
    assert response.status_code == 429
    assert not [q for q in queries if "accounts_apitoken" in q["sql"]]
    assert client.get("/api/v1/me", **_bearer(good, "10.0.0.10")).status_code == 200


def test_good_tokens_and_scope_refusals_do_not_count_against_the_address(cast, client, settings):
    settings.THROTTLES = {**settings.THROTTLES, "api_token": (2, 300)}
    read = api_token_create(user=cast.hr, scope=TokenScope.READ)
    for _ in range(3):
        assert client.get("/api/v1/me", **_bearer(read)).status_code == 200
        response = client.post(
            "/api/v1/claims/review", data={}, content_type="application/json", **_bearer(read)
        )
        assert response.status_code == 403
    assert client.get("/api/v1/me", **_bearer(read)).status_code == 200


@pytest.mark.parametrize("header", ["Bearer ", "Bearer \x00", "Bearer " + "x" * 5000])
def test_odd_bearer_values_are_401_not_500(client, db, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401

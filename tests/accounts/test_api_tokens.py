"""API tokens on the accounts side (issue 10 item 9): lifetime and scope chosen at creation (CLI and
profile page), revoked with an audit row by hand, from the admin, and by any password change."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from skillup.accounts.models import ApiToken, AuditEntry, TokenScope
from skillup.accounts.services import api_token_create
from skillup.core.clock import business_time
from tests.factories import CAST_PASSWORD

NEW_PASSWORD = "Shangyu-2021-strong"


def _me(client, token):
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def _days_left(row):
    return (row.expires_at - timezone.now()).total_seconds() / 86400


# --- creation: lifetime, scope, audit -------------------------------------------------------------------


def test_the_command_takes_a_shorter_lifetime_and_a_read_scope(cast, capsys):
    call_command("token", "create", "finance", "--days", "7", "--scope", "read")
    token = capsys.readouterr().out.strip()
    row = ApiToken.objects.get(digest=ApiToken.digest_of(token))
    assert row.scope == TokenScope.READ
    assert 6.9 < _days_left(row) <= 7


@pytest.mark.parametrize("days", ["0", "91", "-3"])
def test_the_command_refuses_a_lifetime_outside_one_to_the_default(cast, days):
    with pytest.raises(CommandError, match="有效期须为 1 至 90 天"):
        call_command("token", "create", "finance", "--days", days)
    assert not ApiToken.objects.exists()


def test_the_default_lifetime_is_a_setting(cast, settings, capsys):
    settings.API_TOKEN_DAYS = 30
    call_command("token", "create", "finance")
    row = ApiToken.objects.get(digest=ApiToken.digest_of(capsys.readouterr().out.strip()))
    assert 29.9 < _days_left(row) <= 30
    with pytest.raises(CommandError, match="1 至 30 天"):
        call_command("token", "create", "finance", "--days", "31")


def test_the_profile_page_creates_a_read_token_with_a_shorter_lifetime(login, cast):
    page = login(cast.institution).post(
        reverse("profile"), {"action": "create", "name": "查询", "days": "14", "scope": "read"}
    )
    row = ApiToken.objects.get(digest=ApiToken.digest_of(page.context["new_token"]))
    assert (row.scope, row.name) == (TokenScope.READ, "查询")
    assert 13.9 < _days_left(row) <= 14
    html = page.content.decode()
    assert "只读" in html
    # Shown on the business clock, like every moment on a page (issue 12 defect 10).
    assert business_time(row.expires_at).strftime("%Y-%m-%d %H:%M") in html


@pytest.mark.parametrize(
    ("days", "scope", "message"),
    [
        ("91", "read", "有效期须为 1 至 90 天"),
        ("0", "read", "有效期须为 1 至 90 天"),
        ("abc", "read", "整数"),
        ("7", "admin", "admin"),
    ],
)
def test_the_profile_page_refuses_a_bad_lifetime_or_scope_and_creates_nothing(
    login, cast, days, scope, message
):
    page = login(cast.institution).post(
        reverse("profile"), {"action": "create", "days": days, "scope": scope}
    )
    assert page.status_code == 200
    assert page.context["new_token"] is None
    assert message in page.content.decode()
    assert not ApiToken.objects.exists()


def test_creating_a_token_is_audited_with_its_scope_and_expiry(cast):
    api_token_create(user=cast.institution, days=10, scope=TokenScope.READ)
    row = ApiToken.objects.get(user=cast.institution)
    entry = AuditEntry.objects.get(action="api_token.create")
    assert (entry.actor_id, entry.object_id) == (cast.institution.pk, str(row.pk))
    assert entry.changes["scope"] == [None, "read"]
    assert dt.datetime.fromisoformat(entry.changes["expires_at"][1]) == row.expires_at
    assert "10 天" in entry.summary


# --- manual revocation --------------------------------------------------------------------------------


def test_revoking_on_the_profile_page_stops_the_token_and_is_audited(login, cast, client):
    token = api_token_create(user=cast.institution)
    row = ApiToken.objects.get(user=cast.institution)
    response = login(cast.institution).post(reverse("profile"), {"action": "revoke", "token": row.pk})
    assert response.status_code == 302
    client.logout()
    assert _me(client, token).status_code == 401
    entry = AuditEntry.objects.get(action="api_token.revoke")
    assert (entry.actor_id, entry.object_id) == (cast.institution.pk, str(row.pk))


@pytest.mark.parametrize("value", ["abc", "", "99999999999999999999999"])
def test_a_bad_token_id_on_the_profile_page_is_404_not_500(login, cast, value):
    api_token_create(user=cast.institution)
    response = login(cast.institution).post(reverse("profile"), {"action": "revoke", "token": value})
    assert response.status_code == 404
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


def test_another_users_token_cannot_be_revoked_from_my_profile(login, cast):
    api_token_create(user=cast.other_institution)
    row = ApiToken.objects.get(user=cast.other_institution)
    response = login(cast.institution).post(reverse("profile"), {"action": "revoke", "token": row.pk})
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_the_admin_can_revoke_tokens_with_an_audit_row_but_not_edit_them(login, cast, client):
    token = api_token_create(user=cast.institution)
    row = ApiToken.objects.get(user=cast.institution)
    admin = login(cast.hradmin)
    change_url = reverse("admin:accounts_apitoken_change", args=[row.pk])
    edit = admin.post(change_url, {"revoked_at_0": "", "expires_at_0": "2099-01-01", "scope": "read_write"})
    assert edit.status_code == 403
    response = admin.post(
        reverse("admin:accounts_apitoken_changelist"), {"action": "revoke", "_selected_action": [row.pk]}
    )
    assert response.status_code == 302
    client.logout()
    assert _me(client, token).status_code == 401
    assert AuditEntry.objects.get(action="api_token.revoke").actor_id == cast.hradmin.pk


# --- revocation on a password change ----------------------------------------------------------------------


def test_changing_the_password_on_the_password_page_revokes_every_token(login, cast, client):
    tokens = [api_token_create(user=cast.hr), api_token_create(user=cast.hr, scope=TokenScope.READ)]
    other = api_token_create(user=cast.finance)
    response = login(cast.hr).post(
        reverse("password_change"),
        {"old_password": CAST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    client.logout()
    for token in tokens:
        response = _me(client, token)
        assert response.status_code == 401
        assert "修改了密码" in response.json()["errors"][0]["message"]
    assert _me(client, other).status_code == 200
    revocations = AuditEntry.objects.filter(action="api_token.revoke")
    assert revocations.count() == 2
    assert all(e.changes["reason"] == [None, "password_changed"] for e in revocations)
    assert {e.object_id for e in revocations} == {str(t.pk) for t in ApiToken.objects.filter(user=cast.hr)}


def test_an_admin_setting_a_users_password_revokes_that_users_tokens(login, cast, client):
    token = api_token_create(user=cast.institution)
    response = login(cast.hradmin).post(
        reverse("admin:auth_user_password_change", args=[cast.institution.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    client.logout()
    assert _me(client, token).status_code == 401


def test_set_password_and_save_anywhere_revokes_the_tokens(cast, client):
    token = api_token_create(user=cast.enterprise)
    cast.enterprise.set_password(NEW_PASSWORD)
    cast.enterprise.save()
    assert _me(client, token).status_code == 401


def test_the_changepassword_command_revokes_the_tokens(cast, client, monkeypatch):
    token = api_token_create(user=cast.enterprise)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "enterprise")
    assert _me(client, token).status_code == 401


def test_saving_a_user_without_touching_the_password_keeps_the_tokens(cast, client, login):
    token = api_token_create(user=cast.institution)
    cast.institution.first_name = "王五"
    cast.institution.save()
    login(cast.institution)  # updates last_login
    client.logout()
    assert _me(client, token).status_code == 200
    assert not AuditEntry.objects.filter(action="api_token.revoke").exists()


def test_a_hasher_upgrade_on_login_is_not_a_password_change(cast, client):
    md5 = "django.contrib.auth.hashers.MD5PasswordHasher"
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher", md5]):
        token = api_token_create(user=cast.trainee)
        old_hash = cast.trainee.password
        response = client.post(reverse("login"), {"username": "trainee", "password": CAST_PASSWORD})
        assert response.status_code == 302
        cast.trainee.refresh_from_db()
        assert cast.trainee.password != old_hash and cast.trainee.password.startswith("pbkdf2_")
        client.logout()
        assert _me(client, token).status_code == 200


# --- the migration for tokens issued before expiry and scope existed ---------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_tokens_the_default_expiry_and_read_write(settings):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("accounts", "0003_assessment_institutions")],
        [("accounts", "0004_api_token_expiry_scope")],
    )
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        user = old.get_model("accounts", "User").objects.create(username="legacy", role="institution")
        old.get_model("accounts", "ApiToken").objects.create(user=user, prefix="su_old", digest="0" * 64)

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        row = new.get_model("accounts", "ApiToken").objects.get(digest="0" * 64)
    finally:
        # Later tests need the schema of today's code: every later migration applied again.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)
    assert row.scope == "read_write"
    left = (row.expires_at - timezone.now()).total_seconds() / 86400
    assert settings.API_TOKEN_DAYS - 0.1 < left <= settings.API_TOKEN_DAYS

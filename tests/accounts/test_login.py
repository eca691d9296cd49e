import pytest
from django.urls import reverse

from skillup.accounts.models import ApiToken
from tests.factories import CAST_PASSWORD


def test_the_login_page_is_chinese(client, db):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "登录" in page.content.decode()
    assert 'lang="zh-Hans"' in page.content.decode()


def test_a_wrong_password_says_so_in_chinese(client, cast):
    page = client.post(reverse("login"), {"username": "hr", "password": "wrong-password"})
    assert page.status_code == 200
    assert "用户名或密码不正确" in page.content.decode()


def test_each_role_lands_on_its_home_page(client, cast):
    for user in cast.all_users():
        client.logout()
        response = client.post(reverse("login"), {"username": user.username, "password": CAST_PASSWORD})
        assert response.status_code == 302, user.username
        home = client.get(response["Location"])
        assert home.status_code == 200
        assert user.get_role_display() in home.content.decode()


def test_repeated_failures_lock_the_account(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "hr", "password": "nope-nope"})
    locked = client.post(reverse("login"), {"username": "hr", "password": CAST_PASSWORD})
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()


def test_the_demo_password_works_only_while_debug_is_on(client, cast, settings):
    cast.hr.set_password(settings.DEMO_PASSWORD)
    cast.hr.save()
    settings.DEBUG = False
    response = client.post(reverse("login"), {"username": "hr", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    settings.DEBUG = True
    response = client.post(reverse("login"), {"username": "hr", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302


def test_sessions_expire_after_idle_time(settings):
    assert settings.SESSION_COOKIE_AGE <= 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_password_change_page_works(login, cast):
    client = login(cast.hr)
    assert "修改密码" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": CAST_PASSWORD,
            "new_password1": "Shangyu-2021-strong",
            "new_password2": "Shangyu-2021-strong",
        },
    )
    assert response.status_code == 302
    cast.hr.refresh_from_db()
    assert cast.hr.check_password("Shangyu-2021-strong")


def test_tokens_are_created_from_the_profile_page_and_stored_as_digests(login, cast):
    client = login(cast.institution)
    page = client.post(
        reverse("profile"), {"action": "create", "name": "对接", "days": "90", "scope": "read_write"}
    )
    token = page.context["new_token"]
    assert token.startswith("su_")
    assert not ApiToken.objects.filter(digest=token).exists()
    assert ApiToken.objects.filter(digest=ApiToken.digest_of(token), user=cast.institution).exists()


def test_the_token_command_prints_a_working_token(cast, client, capsys):
    from django.core.management import call_command

    call_command("token", "create", "finance")
    token = capsys.readouterr().out.strip()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["username"] == "finance"


@pytest.mark.parametrize("username", ["hr", "auditor"])
def test_admin_is_for_hr_administrators_only(login, cast, username):
    client = login(getattr(cast, username))
    assert client.get("/admin/").status_code == 302
    assert login(cast.hradmin).get("/admin/").status_code == 200

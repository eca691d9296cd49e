import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


def _run(args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_production_settings_pass_the_deploy_check_once_static_files_are_collected(tmp_path):
    production = {
        "DEBUG": "0",
        "SECRET_KEY": Fernet.generate_key().decode() * 2,
        "ALLOWED_HOSTS": "skillup.example.gov.cn",
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "LOOKUP_HASH_KEY": "k" * 40,
        "AUDIT_SIGNING_KEY": _signing_key(),
        "SKILLUP_VAR_DIR": str(tmp_path),
        "SMS_BACKEND": "skillup.accounts.sms.HttpBackend",
        "SMS_GATEWAY_URL": "https://sms.example.gov.cn/send",
        "SMS_GATEWAY_TOKEN": "t" * 32,
    }
    before = _run(["check", "--deploy", "--fail-level", "WARNING"], production)
    assert before.returncode != 0  # issue 10 item 2: a deploy without collectstatic serves 500s
    assert "core.E001" in before.stderr and "collectstatic" in before.stderr
    collected = _run(["collectstatic", "--noinput", "-v", "0"], production)
    assert collected.returncode == 0, collected.stdout + collected.stderr  # vendored source maps
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _signing_key() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()


def _production(tmp_path, **extra):
    return {
        "DEBUG": "0",
        "SECRET_KEY": Fernet.generate_key().decode() * 2,
        "ALLOWED_HOSTS": "skillup.example.gov.cn",
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "LOOKUP_HASH_KEY": "k" * 40,
        "SKILLUP_VAR_DIR": str(tmp_path),
        **extra,
    }


@pytest.mark.parametrize(
    "key, message",
    [
        ("", "AUDIT_SIGNING_KEY must be set when DEBUG is off"),
        ("c2hvcnQ=", "AUDIT_SIGNING_KEY must be the base64 of a 32-byte raw Ed25519 key"),
        ("not base64 at all!", "AUDIT_SIGNING_KEY must be the base64 of a 32-byte raw Ed25519 key"),
    ],
)
def test_production_refuses_to_start_without_a_valid_audit_signing_key(tmp_path, key, message):
    """Issue 10 item 8: checkpoints are signed with a real key in production, never a derived one."""
    result = _run(["check", "--deploy"], _production(tmp_path, AUDIT_SIGNING_KEY=key))
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_to_start_without_secrets(tmp_path):
    result = _run(["check"], {"DEBUG": "0", "SKILLUP_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_business_clock_follows_skillup_today(settings):
    import datetime as dt

    from skillup.core import clock

    settings.SKILLUP_TODAY = "2020-02-29"
    assert clock.today() == dt.date(2020, 2, 29)
    assert clock.now().date() == dt.date(2020, 2, 29)
    assert clock.now().tzinfo is not None
    settings.SKILLUP_TODAY = ""
    assert clock.today() == __import__("django.utils.timezone", fromlist=["localdate"]).localdate()


@pytest.mark.django_db
def test_health_check_answers(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_liveness_probe_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_only_the_most_specific_menu_entry_is_highlighted(rf, django_user_model, db):
    from skillup.core.context_processors import shell

    user = django_user_model(username="f", role="finance")
    request = rf.get("/fund/batches/")
    request.user = user
    active = [entry["label"] for entry in shell(request)["nav"] if entry["active"]]
    assert active == ["支付批次"]

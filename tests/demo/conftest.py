"""The demo district, seeded once for every test that reads it (`skillup seed-demo` at its default
business date 2021-06-15) and flushed when this package's tests are done. Tests here read it inside
their own rolled-back transactions, so none of them can change what the next one sees."""

import pytest
from django.core.management import call_command
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    from django.conf import settings

    # The demo's logins get the cast's fast hasher (tests/conftest.py), which the tests run with anyway:
    # PBKDF2 at Django's default cost is half a second for each of the demo's two dozen logins.
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        before = settings.SKILLUP_TODAY
        settings.SKILLUP_TODAY = "2021-06-15"
        try:
            call_command("seed-demo", "--seed", "2021")
            assert settings.SKILLUP_TODAY == "2021-06-15"  # the demo's moving clock is put back
        finally:
            settings.SKILLUP_TODAY = before
        yield
        call_command("flush", "--noinput")

"""The demo district, seeded once for every test that reads it (`skillup seed-demo` at its default
business date 2021-06-15) and flushed when this package's tests are done. Tests here read it inside
their own rolled-back transactions, so none of them can change what the next one sees."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    from django.conf import settings

    with django_db_blocker.unblock():
        before = settings.SKILLUP_TODAY
        settings.SKILLUP_TODAY = "2021-06-15"
        try:
            call_command("seed-demo", "--seed", "2021")
            assert settings.SKILLUP_TODAY == "2021-06-15"  # the demo's moving clock is put back
        finally:
            settings.SKILLUP_TODAY = before
        yield
        call_command("flush", "--noinput")

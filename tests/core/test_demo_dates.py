"""The demo seeds at any business date of the plan (2019-11-01 … 2021-12-31; README: `make run
SKILLUP_TODAY=…`), and nothing in it happens after that date (issue 12 item 11)."""

import datetime as dt

import pytest
from django.core.management import call_command


@pytest.mark.parametrize("day", ["2019-11-01", "2020-03-01", "2021-12-31"])
def test_the_demo_seeds_at_a_business_date_and_nothing_happens_after_it(
    day, django_db_setup, django_db_blocker, settings
):
    # django_db_setup: the test database exists before the blocker opens (run first, as under `make test`,
    # this test would otherwise reach the settings' own database).
    from skillup.certificates.models import Certificate
    from skillup.fund.models import PaymentBatch
    from skillup.registry.models import Organisation
    from skillup.subsidies.models import Claim
    from skillup.training.models import Result, TrainingClass

    on = dt.date.fromisoformat(day)
    with django_db_blocker.unblock():
        try:
            call_command("seed-demo", "--seed", "2021", "--today", day)
            assert Organisation.objects.count() > 17
            assert not Claim.objects.filter(entitlement_date__gt=on).exists()
            assert not Result.objects.filter(certified_on__gt=on).exists()
            assert not TrainingClass.objects.filter(status="finished", end_date__gt=on).exists()
            assert not Certificate.objects.filter(issued_on__gt=on).exists()
            assert not PaymentBatch.objects.filter(date__gt=on).exists()
            from skillup.planning.models import AnnualReport, Meeting, MeetingTask

            assert not Meeting.objects.filter(held_on__gt=on).exists()
            assert not MeetingTask.objects.filter(done_on__gt=on).exists()
            assert not AnnualReport.objects.filter(submitted_on__gt=on).exists()
        finally:
            call_command("flush", "--noinput")

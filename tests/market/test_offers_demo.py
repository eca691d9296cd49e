"""The market demo (issue 13 item 8) on the cast: published offers, one taken down by HR, one draft; at any
business date nothing starts before it."""

import datetime as dt

import pytest

from skillup.core.demo import DemoContext
from skillup.market import demo
from skillup.market.models import Offer
from tests.subsidies.factories import filing_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", ["2019-11-01", "2021-06-15", "2021-12-31"])
def test_the_demo_offers_are_seeded_at_the_business_date(cast, settings, day):
    settings.SKILLUP_TODAY = day
    for occupation in ("焊工", "电工", "钳工"):
        filing_for(cast.institution_org, occupation=occupation)
    import random

    demo.seed(DemoContext(seed=1, rng=random.Random(1)))
    states = list(Offer.objects.values_list("status", flat=True))
    assert states.count("draft") == 1 and states.count("unpublished") == 1 and "published" in states
    on = dt.date.fromisoformat(day)
    assert not Offer.objects.filter(start_date__lt=on).exists()

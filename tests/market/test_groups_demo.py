"""The group-buy demo (demo_groups.seed) on the cast: every state of a group and wishes, at any business
date of the plan, with nothing dated after it."""

import datetime as dt

import pytest

from skillup.core.demo import DemoContext
from skillup.market import demo_groups
from skillup.market.models import Group
from skillup.training.models import TrainingClass
from tests.factories import PersonFactory
from tests.training.helpers import file_for


@pytest.mark.parametrize("day", ["2019-11-01", "2020-03-01", "2021-06-15", "2021-12-31"])
def test_the_demo_makes_every_state_as_of_the_business_date(cast, settings, day):
    settings.SKILLUP_TODAY = day
    on = dt.date.fromisoformat(day)
    file_for(
        cast.institution_org,
        ("vocational_certificate", "焊工", "初级,中级"),
        ("vocational_certificate", "电工", "初级,中级"),
        ("vocational_certificate", "育婴员", "初级,中级"),
        ("vocational_certificate", "中式烹调师", "初级,中级"),
    )
    for _ in range(14):
        PersonFactory(employer=cast.enterprise_org)
    ctx = DemoContext(seed=1, rng=None)
    demo_groups.seed(ctx)
    assert day == settings.SKILLUP_TODAY  # the moving clock is put back
    states = set(Group.objects.values_list("status", flat=True))
    expected = {"open", "reached", "confirmed"} | ({"dissolved"} if on >= dt.date(2019, 11, 19) else set())
    assert states == expected, ctx.log
    assert Group.objects.filter(offer__isnull=True, status="open").count() == len(demo_groups.WISHES)
    klass = Group.objects.get(status="confirmed").klass
    assert klass.status == TrainingClass.Status.SUBMITTED
    assert klass.enrolments.count() == Group.objects.get(status="confirmed").joined
    for field in ("reached_at", "confirmed_at", "dissolved_at"):
        latest = max(
            (getattr(g, field) for g in Group.objects.exclude(**{f"{field}__isnull": True})), default=None
        )
        assert latest is None or latest.date() <= on, field

"""Set-up for group-buy tests: published offers of the cast's institutions (rows made directly, the offer
services belong to another part of the market app), trainees with logins, and groups."""

import datetime as dt
from decimal import Decimal

from skillup.accounts.roles import Role
from skillup.market.models import Offer
from skillup.registry.models import FilingItem
from tests.factories import PersonFactory, UserFactory
from tests.training.helpers import file_for


def offer_for(
    institution, *, minimum=3, seats=5, start=dt.date(2021, 7, 10), end=dt.date(2021, 7, 30), **extra
):
    item = FilingItem.objects.filter(filing__institution=institution, occupation="焊工").first()
    if item is None:
        item = file_for(institution).items.get()
    fields = {
        "title": "焊工（初级）周末班",
        "scheme": "vocational_certificate",
        "occupation": "焊工",
        "level": "初级",
        "hours": 70,
        "price": Decimal("1800.00"),
        "town": "baiguan",
        "venue_text": "百官街道实训楼301",
        "start_date": start,
        "end_date": end,
        "minimum": minimum,
        "seats": seats,
        "teachers": "王师傅",
        "status": Offer.Status.PUBLISHED,
        **extra,
    }
    return Offer.objects.create(institution=institution, filing_item=item, **fields)


def trainees(n, *, prefix="t", employer=None):
    """n trainee logins, each bound to a person of their own."""
    users = []
    for i in range(n):
        person = PersonFactory(employer=employer)
        users.append(UserFactory(username=f"{prefix}{i}-{person.pk}", role=Role.TRAINEE, person=person))
    return users

"""Offers for the market tests (the groups tests reuse them): a filing for the institution and an offer
within it, written through the service so `search_text` and the filing item are as in production."""

import datetime as dt
from decimal import Decimal

from skillup.market import services
from skillup.market.models import Offer
from tests.subsidies.factories import filing_for


def offer_data(**extra) -> dict:
    data = {
        "title": "焊工高级培训班",
        "scheme": "vocational_certificate",
        "occupation": "焊工",
        "level": "高级",
        "hours": 100,
        "price": "4000.00",
        "town": "baiguan",
        "venue_text": "百官街道实训楼301",
        "start_date": dt.date(2021, 7, 1),
        "end_date": dt.date(2021, 8, 15),
        "minimum": 10,
        "seats": 30,
        "teachers": "李师傅",
    }
    return data | extra


def OfferFactory(actor, *, publish=True, file=True, **extra) -> Offer:  # noqa: N802 — reads as a factory
    """An offer of the actor's institution (filed for 焊工 初–高级 unless file=False), published by default."""
    if file:
        filing_for(actor.organisation, occupation=extra.get("occupation", "焊工"))
    offer = services.offer_create(actor=actor, data=offer_data(**extra))
    if publish:
        offer = services.offer_publish(actor=actor, offer=offer)
    return offer


PRICE = Decimal("4000.00")

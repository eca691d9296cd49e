"""The training supermarket in the API (issue 13 item 7): public search and offer pages; with a token (or a
session) a trainee's offer carries their own `subsidy` and `to_pay`, quoted with their real history."""

import datetime as dt

from django.http import Http404
from ninja import Router, Schema

from skillup.api.types import Id, Limit, Offset
from skillup.market import pricing, selectors
from skillup.market.models import Offer

router = Router(tags=["培训超市"])


class PriceOut(Schema):
    price: str
    subsidy: str
    to_pay: str
    eligible: bool
    personal: bool
    refusals: list[str]
    basis: list[dict]


class OfferOut(Schema):
    id: int
    title: str
    institution: str
    scheme: str
    occupation: str
    level: str
    hours: int
    price: str
    town: str
    town_name: str
    venue: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    minimum: int
    seats: int
    status: str
    standard_subsidy: str
    standard_to_pay: str


class OfferDetailOut(OfferOut):
    description: str
    teachers: str
    subsidy: str
    to_pay: str
    quote: PriceOut
    record: dict


class OffersOut(Schema):
    count: int
    offers: list[OfferOut]


def _out(o: Offer, standard: pricing.Price) -> dict:
    return {
        "id": o.pk,
        "title": o.title,
        "institution": o.institution.name,
        "scheme": o.scheme,
        "occupation": o.occupation,
        "level": o.level,
        "hours": o.hours,
        "price": str(o.price),
        "town": o.town,
        "town_name": o.town_name,
        "venue": o.venue_text,
        "start_date": o.start_date,
        "end_date": o.end_date,
        "minimum": o.minimum,
        "seats": o.seats,
        "status": o.status,
        "standard_subsidy": str(standard.subsidy),
        "standard_to_pay": str(standard.to_pay),
    }


def _price_out(p: pricing.Price) -> dict:
    return {
        "price": str(p.price),
        "subsidy": str(p.subsidy),
        "to_pay": str(p.to_pay),
        "eligible": p.eligible,
        "personal": p.personal,
        "refusals": list(p.refusals),
        "basis": [{"clause": c, "detail": d} for c, d in p.basis],
    }


def _caller(request):
    """The signed-in user of a public endpoint: a bearer token when one is sent (a bad one is 401), else
    the session's user, else anonymous."""
    from skillup.api import BearerToken

    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        from ninja.errors import AuthenticationError

        user = BearerToken().authenticate(request, header.split(" ", 1)[1].strip())
        if user is None:
            raise AuthenticationError
        return user
    return request.user


@router.get(
    "/market/offers",
    auth=None,
    response=OffersOut,
    summary="培训超市课程列表（公开）",
    description="筛选：`q` 文字、`occupation`、`level`、`town`（乡镇代码）、`scheme`、`date_from`/`date_to`（开课日期）、"
    "`price_min`/`price_max`；`limit`（1–100）和 `offset` 分页。每门课程带标准补贴 `standard_subsidy` 和自付 "
    "`standard_to_pay`（符合条件人员、未计个人记录）。",
)
def offer_list(request, limit: Limit = 20, offset: Offset = 0):
    s = selectors.search_from(request.GET)
    qs = selectors.offer_search(s)
    limit = max(1, min(limit, 100))
    offers = list(qs[offset : offset + limit])
    prices = pricing.standard_prices(offers)
    return {"count": qs.count(), "offers": [_out(o, prices[o.pk]) for o in offers]}


@router.get(
    "/market/offers/{offer_id}",
    auth=None,
    response=OfferDetailOut,
    summary="培训超市课程详情（公开；带令牌时按本人记录核定补贴）",
    description="`subsidy` 和 `to_pay`：带学员令牌时按其本人情况和补贴记录（每年次数、同等级不重复、人员类别）核定，"
    "`quote.personal` 为 true；否则为标准补贴。`quote.basis` 为核定依据（条款）。",
)
def offer_get(request, offer_id: Id):
    user = _caller(request)
    try:
        offer = selectors.offer_for(user, offer_id)
    except Offer.DoesNotExist:
        raise Http404 from None
    standard = pricing.standard_prices([offer])[offer.pk]
    person, history = selectors.person_history(user)
    own = pricing.personal_price(offer, person, history) if person is not None else standard
    record = selectors.institution_record(user, offer.institution)
    return _out(offer, standard) | {
        "description": offer.description,
        "teachers": offer.teachers,
        "subsidy": str(own.subsidy),
        "to_pay": str(own.to_pay),
        "quote": _price_out(own),
        "record": {
            "classes_finished": record.classes_finished,
            "trainees": record.trainees,
            "pass_rate": record.pass_rate,
        },
    }

"""The training supermarket's offers (issue 13 items 1, 2, 7): the life cycle within the filing, HR's
take-down, scoping, search, the price after subsidy with real history, the API."""

import re
from decimal import Decimal

import pytest
from django.test import Client, RequestFactory

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.market import pricing, services
from skillup.market.models import Offer
from tests.market.factories import OfferFactory, offer_data
from tests.subsidies.factories import claims_for_class, filing_for

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_institution_drafts_publishes_and_closes_an_offer_with_audit_rows(cast):
    offer = OfferFactory(cast.institution, publish=False)
    assert offer.status == Offer.Status.DRAFT
    assert "焊工" in offer.search_text and "众鑫" in offer.search_text and "百官街道" in offer.search_text
    offer = services.offer_publish(actor=cast.institution, offer=offer)
    assert offer.status == Offer.Status.PUBLISHED and offer.published_at
    offer = services.offer_close(actor=cast.institution, offer=offer)
    assert offer.status == Offer.Status.CLOSED
    actions = set(AuditEntry.objects.filter(object_id=str(offer.pk)).values_list("action", flat=True))
    assert {"offer.create", "offer.publish", "offer.close"} <= actions


def test_an_offer_outside_the_institutions_filing_is_refused(cast):
    filing_for(cast.institution_org, occupation="焊工")
    with pytest.raises(RuleViolation) as err:
        services.offer_create(actor=cast.institution, data=offer_data(occupation="电工", title="电工班"))
    assert "备案" in str(err.value)
    assert not Offer.objects.exists()


def test_an_unfiled_level_is_refused_and_every_problem_is_named(cast):
    filing_for(cast.institution_org, occupation="焊工", levels="初级")
    with pytest.raises(RuleViolation) as err:
        services.offer_create(actor=cast.institution, data=offer_data(level="高级", seats=5, minimum=10))
    fields = {e.field for e in err.value.errors}
    assert "seats" in fields


def test_only_an_institution_creates_offers(cast):
    for user in (cast.trainee, cast.enterprise, cast.hr):
        with pytest.raises(NotAllowed):
            services.offer_create(actor=user, data=offer_data())


def test_another_institution_cannot_publish_or_close_it(cast):
    offer = OfferFactory(cast.institution, publish=False)
    with pytest.raises(NotAllowed):
        services.offer_publish(actor=cast.other_institution, offer=offer)
    with pytest.raises(NotAllowed):
        services.offer_close(actor=cast.other_institution, offer=offer)


def test_hr_takes_an_offer_down_with_a_reason_the_institution_sees(cast, login):
    offer = OfferFactory(cast.institution)
    with pytest.raises(RuleViolation):
        services.offer_unpublish(actor=cast.hr, offer=offer, reason="")
    with pytest.raises(NotAllowed):
        services.offer_unpublish(actor=cast.institution, offer=offer, reason="自己下架")
    offer = services.offer_unpublish(actor=cast.hr, offer=offer, reason="宣传“包过”不实")
    assert offer.status == Offer.Status.UNPUBLISHED and offer.unpublished_by == cast.hr
    assert AuditEntry.objects.filter(action="offer.unpublish", object_id=str(offer.pk)).exists()
    page = login(cast.institution).get("/market/manage/").content.decode()
    assert "宣传“包过”不实" in page
    # It is gone from the public search, and the institution may correct it and publish it again.
    assert offer.title not in login(cast.trainee).get("/market/").content.decode()
    services.offer_update(actor=cast.institution, offer=offer, data=offer_data(title="焊工高级班（已更正）"))
    assert services.offer_publish(actor=cast.institution, offer=offer).status == "published"


def test_another_institutions_draft_is_404_and_a_published_offer_is_public(cast, client, login):
    draft = OfferFactory(cast.institution, publish=False)
    assert login(cast.other_institution).get(f"/market/offers/{draft.pk}/").status_code == 404
    assert login(cast.institution).get(f"/market/offers/{draft.pk}/").status_code == 200
    assert login(cast.hr).get(f"/market/offers/{draft.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/market/offers/{draft.pk}/").status_code == 404
    services.offer_publish(actor=cast.institution, offer=draft)
    page = client.get(f"/market/offers/{draft.pk}/").content.decode()
    assert draft.title in page and "4000.00" in page
    assert "诚信记录：无查实违规案件" in page and "诚信等级" not in page  # decided facts only, in public


def test_a_photo_is_checked_by_its_bytes_and_size(cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    offer = OfferFactory(cast.institution, publish=False)
    with pytest.raises(RuleViolation):
        services.offer_photo_add(actor=cast.institution, offer=offer, upload=b"not an image at all")
    with pytest.raises(RuleViolation):
        services.offer_photo_add(
            actor=cast.institution, offer=offer, upload=PNG + b"\x00" * services.PHOTO_LIMIT
        )
    photo = services.offer_photo_add(actor=cast.institution, offer=offer, upload=PNG)
    assert photo.content_type == "image/png" and len(photo.sha256) == 64 and not photo.path.startswith("not")


def test_search_by_text_town_level_and_price_on_any_database(cast, client):
    welder = OfferFactory(cast.institution)
    OfferFactory(
        cast.institution,
        occupation="电工",
        title="电工中级班",
        level="中级",
        hours=80,
        price="1500.00",
        town="daoxu",
    )
    draft = OfferFactory(cast.institution, publish=False, file=False, title="焊工草稿班")

    def titles(query):
        return client.get(f"/market/?{query}").content.decode()

    page = titles("q=焊工")
    assert welder.title in page and "电工中级班" not in page and draft.title not in page
    assert "电工中级班" in titles("town=daoxu") and welder.title not in titles("town=daoxu")
    assert "电工中级班" in titles("price_max=2000") and welder.title not in titles("price_max=2000")
    assert welder.title in titles("level=高级&q=众鑫") and "电工中级班" not in titles("level=高级")
    assert welder.title not in titles("date_from=2021-09-01")
    assert client.get("/market/?price_min=abc&date_from=x&level=<b>").status_code == 200


def test_the_search_page_has_a_fixed_number_of_queries(cast, client, django_assert_max_num_queries):
    for n in range(6):
        OfferFactory(cast.institution, title=f"焊工高级班{n}")
    with django_assert_max_num_queries(8):
        assert client.get("/market/").status_code == 200


def test_the_standard_price_after_subsidy_comes_from_the_engine(cast):
    offer = OfferFactory(cast.institution)  # senior welder (annex 2 A/高级), price 4000
    price = pricing.standard_prices([offer])[offer.pk]
    assert price.eligible and price.subsidy == Decimal("3500.00") and price.to_pay == Decimal("500.00")
    assert any("3500" in detail for _, detail in price.basis)
    cheap = OfferFactory(cast.institution, price="3000.00", title="便宜班")
    cheap_price = pricing.standard_prices([cheap])[cheap.pk]
    assert cheap_price.subsidy == Decimal("3000.00") and cheap_price.to_pay == Decimal(
        "0.00"
    )  # min(price, subsidy)


def test_a_trainee_who_used_the_annual_limit_sees_no_subsidy_with_the_clause(cast, login):
    person = cast.trainee_person
    for occupation in ("电工", "钳工", "车工"):
        (claim,) = claims_for_class(cast, people=[person], occupation=occupation)
        assert claim.eligible, claim.basis
    offer = OfferFactory(cast.institution)
    page = login(cast.trainee).get(f"/market/offers/{offer.pk}/").content.decode()
    assert "按您本人的补贴记录核定" in page and "第20条" in page
    own = pricing.personal_price(
        offer, person, __import__("skillup.subsidies.selectors", fromlist=["x"]).subsidy_history(person.pk)
    )
    assert not own.eligible and own.to_pay == own.price
    # Another trainee with no history still gets the standard figure.
    page = login(cast.other_trainee).get(f"/market/offers/{offer.pk}/").content.decode()
    assert "3500.00" in page


def test_a_repeat_of_the_same_level_is_not_subsidised_again(cast):
    from skillup.subsidies.selectors import subsidy_history

    claims_for_class(cast, people=[cast.trainee_person], occupation="焊工", level="高级")
    offer = OfferFactory(cast.institution)
    own = pricing.personal_price(offer, cast.trainee_person, subsidy_history(cast.trainee_person.pk))
    assert not own.eligible and own.subsidy == 0


def test_the_api_lists_offers_publicly_and_quotes_the_caller(cast, client, api_client):
    offer = OfferFactory(cast.institution)
    OfferFactory(cast.institution, publish=False, file=False, title="草稿")
    answer = client.get("/api/v1/market/offers?q=焊工&limit=10").json()
    assert answer["count"] == 1 and answer["offers"][0]["standard_subsidy"] == "3500.00"
    detail = client.get(f"/api/v1/market/offers/{offer.pk}").json()
    assert detail["subsidy"] == "3500.00" and detail["to_pay"] == "500.00" and not detail["quote"]["personal"]
    claims_for_class(cast, people=[cast.trainee_person], occupation="焊工", level="高级")
    mine = api_client(cast.trainee).get(f"/api/v1/market/offers/{offer.pk}").json()
    assert mine["quote"]["personal"] and mine["subsidy"] == "0.00" and mine["to_pay"] == "4000.00"
    assert client.get("/api/v1/market/offers/999999").status_code == 404
    bad = client.get(f"/api/v1/market/offers/{offer.pk}", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/market/offers/{offer_id}" in schema["paths"]


def test_the_calculator_lists_subsidies_from_the_engine(cast, client):
    page = client.get(
        "/market/calculator/?age=30&situations=veteran&occupation=焊工&level=高级"
    ).content.decode()
    assert "职业证书培训" in page and "3500" in page and "退役军人" in page
    assert "查看可报名的课程" in page
    refused = client.get(
        "/market/calculator/?age=62&situations=pension&occupation=焊工&level=高级"
    ).content.decode()
    assert "按月领取养老金" in refused
    bad = client.get("/market/calculator/?held=焊工").content.decode()
    assert "应写成" in bad


def test_a_certificate_held_is_not_subsidised_again_in_the_calculator():
    from skillup.market import calculator

    q = calculator.Question(occupation="焊工", level="高级", held=(("焊工", "高级"),))
    answers = {a.code: a for a in calculator.answer(q)}
    assert not answers["vocational_certificate"].eligible
    fresh = {a.code: a for a in calculator.answer(calculator.Question(occupation="焊工", level="高级"))}
    assert fresh["vocational_certificate"].best == Decimal("3500.00")


@pytest.mark.postgres
def test_on_postgresql_the_search_text_has_a_trigram_index_and_search_uses_like(cast, client):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'market_offer_search_trgm'")
        (definition,) = cur.fetchone()
    assert "gin_trgm_ops" in definition
    offer = OfferFactory(cast.institution)
    assert offer.title in client.get("/market/?q=焊工 众鑫").content.decode()


def test_a_visitors_search_is_cached_until_an_offer_changes_and_never_shares_a_csrf_token(
    cast, client, login
):
    from skillup.market import cache as market_cache

    offer = OfferFactory(cast.institution)
    first = client.get("/market/?q=焊工")
    assert offer.title in first.content.decode()
    again = Client().get("/market/?q=焊工")  # another visitor, from the cache
    body = again.content.decode()
    assert offer.title in body and market_cache.PLACEHOLDER not in body
    token = re.search(r'"X-CSRFToken": "([^"]+)"', body).group(1)
    assert token not in first.content.decode()  # each visitor gets their own token
    services.offer_unpublish(actor=cast.hr, offer=offer, reason="机构备案已暂停")
    assert offer.title not in Client().get("/market/?q=焊工").content.decode()  # the change shows at once
    # a signed-in trainee is never served a visitor's copy (their page has their own prices)
    request = RequestFactory().get("/market/?q=焊工")
    request.user = cast.trainee
    assert not market_cache.usable(request)

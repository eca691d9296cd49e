"""Money list pages: the number of queries does not grow with the rows (issue 12, the suite): each test
counts a page's queries, adds data, and counts again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillup.fund import payments
from skillup.fund.models import PaymentBatch
from skillup.whatif import services as whatif
from tests.subsidies.factories import advance, claims_for_class, paid_batch

pytestmark = pytest.mark.django_db


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, params or {})
    assert r.status_code == 200, url
    return len(ctx)


def _steady(client, url, add, params=None):
    before = _queries(client, url, params)
    add()
    after = _queries(client, url, params)
    assert after <= before, f"{url}: {before} queries, then {after} with more rows"


@pytest.mark.parametrize("username", ["hr", "finance", "dept"])
def test_the_claim_list_with_its_select_all_counts(cast, login, username):
    advance(cast, claims_for_class(cast, people=2))
    user = next(u for u in cast.all_users() if u.username == username)
    _steady(login(user), reverse("claim_list"), lambda: advance(cast, claims_for_class(cast, people=8)))


def test_the_claim_detail_with_its_review_trail(cast, login):
    (claim,) = claims_for_class(cast, people=1)
    client = login(cast.hr)
    url = reverse("claim_detail", args=[claim.pk])
    _steady(client, url, lambda: advance(cast, [claim]))


def test_batch_list_batch_detail_and_journal(cast, login):
    batch = paid_batch(cast, advance(cast, claims_for_class(cast, people=2)))
    client = login(cast.finance)

    def more():
        claims = advance(cast, claims_for_class(cast, people=6))
        payments.payment_batch_create(actor=cast.finance, claim_ids=[c.pk for c in claims[:3]])
        paid_batch(cast, claims[3:])

    before = {
        name: _queries(client, url)
        for name, url in (
            ("batches", reverse("batch_list")),
            ("journal", reverse("fund_journal")),
            ("failed", reverse("failed_payments")),
            ("overview", reverse("fund_overview")),
        )
    }
    detail = _queries(client, reverse("batch_detail", args=[batch.pk]))
    more()
    after_batch = PaymentBatch.objects.order_by("-count", "-id").first()
    assert _queries(client, reverse("batch_detail", args=[after_batch.pk])) <= detail
    for name, url in (
        ("batches", reverse("batch_list")),
        ("journal", reverse("fund_journal")),
        ("failed", reverse("failed_payments")),
        ("overview", reverse("fund_overview")),
    ):
        assert _queries(client, url) <= before[name], name


def test_the_whatif_draft_list(cast, login):
    client = login(cast.hr)
    whatif.draft_create(actor=cast.hr, name="草案一")
    _steady(
        client,
        reverse("whatif:draft_list"),
        lambda: [whatif.draft_create(actor=cast.hr, name=f"草案{i}") for i in range(2, 8)],
    )

"""Money held (issue 11 item 3): a claim whose class, person or own record has an open finding of score
≥ 0.5 does not pass Finance's step nor enter a payment batch, and says why, until the finding is cleared."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillup.core.errors import StateConflict
from skillup.fund import payments
from skillup.fund.models import PaymentLine
from skillup.integrity import services
from skillup.integrity.models import Finding
from skillup.subsidies import review
from skillup.subsidies.models import Claim
from tests.integrity.support import finding
from tests.subsidies.factories import advance, claims_for_class

pytestmark = pytest.mark.django_db
S = Claim.Status


def _at_finance(cast, people=2):
    return advance(cast, claims_for_class(cast, people=people), to="hr_approved")


def _approve(cast, claims):
    return review.claims_review_bulk(actor=cast.finance, claim_ids=[c.pk for c in claims], decision="approve")


def test_a_class_finding_holds_its_claims_at_finance(cast):
    claims = _at_finance(cast)
    f = finding(klass=claims[0].klass)
    summary = _approve(cast, claims)
    assert summary.approved == []
    assert sorted(pk for pk, _ in summary.held) == sorted(c.pk for c in claims)
    assert f"#{f.pk}" in summary.held[0][1] and "所在班级" in summary.held[0][1]
    assert "暂缓支付" in summary.message()
    assert set(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)) == {
        S.HR_APPROVED
    }


def test_one_held_claim_says_why_and_can_still_be_rejected(cast):
    claim, other = _at_finance(cast)
    finding(claim=claim, signal="shared_payee")
    with pytest.raises(StateConflict, match="暂缓支付"):
        review.claim_review(claim=claim, actor=cast.finance, decision="approve")
    # The other claim of the class is not held by its neighbour's own finding.
    assert (
        review.claim_review(claim=other, actor=cast.finance, decision="approve").status == S.FINANCE_APPROVED
    )
    rejected = review.claim_review(
        claim=claim, actor=cast.finance, decision="reject", reason="核查中，先退回"
    )
    assert rejected.status == S.REJECTED


def test_a_person_finding_holds_that_persons_claims_only(cast):
    claims = _at_finance(cast, people=3)
    finding(person=claims[1].person, signal="serial_trainee")
    summary = _approve(cast, claims)
    assert [pk for pk, _ in summary.held] == [claims[1].pk]
    assert "申领人" in summary.held[0][1]
    assert sorted(summary.approved) == sorted([claims[0].pk, claims[2].pk])


@pytest.mark.parametrize(
    "status, score",
    [
        (Finding.Status.CLEARED, "0.90"),
        (Finding.Status.LAPSED, "0.90"),
        (Finding.Status.OPEN, "0.49"),
    ],
)
def test_a_cleared_lapsed_or_weak_finding_holds_nothing(cast, status, score):
    claims = _at_finance(cast)
    finding(klass=claims[0].klass, status=status, score=score)
    finding(person=claims[0].person, status=status, score=score)
    summary = _approve(cast, claims)
    assert summary.held == [] and len(summary.approved) == 2


def test_a_confirmed_finding_goes_on_holding(cast):
    claims = _at_finance(cast)
    finding(klass=claims[0].klass, status=Finding.Status.CONFIRMED)
    summary = _approve(cast, claims)
    assert len(summary.held) == 2 and "已经核查案件查实" in summary.held[0][1]


def test_clearing_the_finding_frees_the_money_at_once(cast):
    claims = _at_finance(cast)
    f = finding(klass=claims[0].klass)
    assert len(_approve(cast, claims).held) == 2
    services.finding_clear(actor=cast.auditor, finding=f, reason="现场核查，学员均在岗培训")
    summary = _approve(cast, claims)
    assert summary.held == [] and len(summary.approved) == 2


def test_held_claims_are_left_out_of_a_batch_which_says_why(cast):
    claims = advance(cast, claims_for_class(cast, people=3))
    f = finding(person=claims[0].person, signal="serial_trainee")
    batch = payments.payment_batch_create(actor=cast.finance, claim_ids=[c.pk for c in claims])
    assert batch.count == 2
    assert [pk for pk, _ in batch.left_out] == [claims[0].pk]
    assert f"#{f.pk}" in batch.left_out[0][1]
    assert not PaymentLine.objects.filter(claim=claims[0]).exists()
    claims[0].refresh_from_db()
    assert claims[0].status == S.FINANCE_APPROVED
    # Once cleared, the claim goes into the next batch.
    services.finding_clear(actor=cast.hr, finding=f, reason="电话核实，确系本人多次培训")
    assert payments.payment_batch_create(actor=cast.finance, claim_ids=[claims[0].pk]).count == 1


def test_a_batch_of_held_claims_only_is_refused(cast):
    claims = advance(cast, claims_for_class(cast, people=2))
    finding(klass=claims[0].klass)
    with pytest.raises(StateConflict, match="均暂缓支付"):
        payments.payment_batch_create(actor=cast.finance, claim_ids=[c.pk for c in claims])
    assert not PaymentLine.objects.exists()


def test_the_finance_queue_badges_held_claims_with_the_reason(cast, login):
    claims = _at_finance(cast)
    f = finding(klass=claims[0].klass)
    body = login(cast.finance).get(reverse("claim_list"), {"status": "hr_approved"}).content.decode()
    assert body.count('data-testid="hold"') == 2 and f"诚信线索 #{f.pk}" in body
    # The applicant is not told before a case is opened.
    body = login(cast.institution).get(reverse("claim_list")).content.decode()
    assert 'data-testid="hold"' not in body


def test_the_claim_page_shows_the_hold_and_offers_only_rejection(cast, login):
    claim, _ = _at_finance(cast)
    finding(klass=claim.klass)
    body = login(cast.finance).get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert 'data-testid="hold"' in body and 'data-testid="approve-refused"' in body
    assert 'value="approve"' not in body and 'value="reject"' in body
    # Readers of findings see the reasons once, in integrity's panel beside the findings.
    body = login(cast.hr).get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert 'data-testid="integrity-hold"' in body and 'data-testid="hold"' not in body
    assert (
        'data-testid="hold"'
        not in login(cast.institution).get(reverse("claim_detail", args=[claim.pk])).content.decode()
    )


def test_the_bulk_summary_and_confirmation_name_the_held_claims(cast, login):
    claims = _at_finance(cast, people=3)
    finding(person=claims[0].person)
    client = login(cast.finance)
    data = {"ids": [c.pk for c in claims], "decision": "approve", "next": reverse("claim_list")}
    page = client.post(reverse("claims_bulk"), data).content.decode()
    assert 'data-testid="left-out"' in page and 'data-testid="confirm-count">2<' in page
    r = client.post(reverse("claims_bulk"), {**data, "confirmed": "2"}, follow=True)
    text = r.content.decode()
    assert "暂缓支付未通过 1 笔" in text and f"申领 #{claims[0].pk} 暂缓支付" in text
    assert Claim.objects.filter(status=S.FINANCE_APPROVED).count() == 2


def test_the_batch_preview_says_which_claims_are_left_out(cast, login):
    claims = advance(cast, claims_for_class(cast, people=3))
    finding(claim=claims[2], signal="implausible_age")
    client = login(cast.finance)
    data = {"ids": [c.pk for c in claims], "next": reverse("claim_list")}
    page = client.post(reverse("batch_create"), data).content.decode()
    assert 'data-testid="left-out"' in page and f"#{claims[2].pk}" in page
    assert 'data-testid="confirm-count">2<' in page
    r = client.post(reverse("batch_create"), {**data, "confirmed": "2"}, follow=True)
    assert "未加入本批次" in r.content.decode()
    assert PaymentLine.objects.count() == 2


def test_the_api_bulk_review_lists_held_claims_as_skipped(cast, api_client):
    claims = _at_finance(cast)
    finding(klass=claims[0].klass)
    r = api_client(cast.finance).post(
        "/api/v1/claims/review", {"claim_ids": [c.pk for c in claims], "decision": "approve"}
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["approved"] == [] and len(body["skipped"]) == 2
    assert "暂缓支付" in body["skipped"][0]["message"]


def _count(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


def test_the_finance_queue_looks_holds_up_once_per_page(cast, login):
    client = login(cast.finance)
    params = {"status": "hr_approved"}
    first = _at_finance(cast, people=2)
    finding(klass=first[0].klass)
    before = _count(client, reverse("claim_list"), params)
    for _ in range(3):
        more = _at_finance(cast, people=4)
        finding(klass=more[0].klass)
        finding(person=more[1].person)
    after = _count(client, reverse("claim_list"), params)
    assert after <= before, (before, after)


def test_the_api_batch_names_the_claims_it_left_out(cast, api_client):
    claims = advance(cast, claims_for_class(cast, people=2))
    finding(person=claims[0].person)
    r = api_client(cast.finance).post("/api/v1/payment-batches", {"claim_ids": [c.pk for c in claims]})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["count"] == 1 and [x["id"] for x in body["left_out"]] == [claims[0].pk]
    assert "暂缓支付" in body["left_out"][0]["message"]

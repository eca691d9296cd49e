"""Monthly reconciliation finds every planted difference, and a signed month is frozen."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from skillup.core.errors import StateConflict
from skillup.fund import accounts, ledger
from skillup.fund.payments import payment_batch_create
from skillup.fund.reconcile import month_report
from skillup.fund.services import reconciliation_sign
from skillup.subsidies.models import Claim
from tests.subsidies.factories import advance, claims_for_class, paid_batch

pytestmark = pytest.mark.django_db
JUNE = dt.date(2021, 6, 1)


def test_a_clean_month_has_no_differences(cast):
    paid_batch(cast, advance(cast, claims_for_class(cast, people=2)))
    report = month_report(JUNE)
    assert report.differences == []
    assert report.approved_count == report.paid_count == 2
    assert report.approved_amount == report.paid_amount == report.journal_payments == Decimal("7000.00")


def test_every_planted_difference_is_found_with_its_cause(cast):
    unpaid, in_flight, failed, twice, edited, fine = advance(cast, claims_for_class(cast, people=6))
    payment_batch_create(actor=cast.finance, claim_ids=[in_flight.pk])
    paid_batch(cast, [failed, twice, edited, fine], ["failed", "paid", "paid", "paid"])
    # Planted: a second payment posted for one claim, and an amount changed behind the service's back.
    with transaction.atomic():
        ledger.post(
            ledger.Posting(
                kind="payment",
                memo="重复入账",
                claim_id=twice.pk,
                lines=ledger.pair(
                    accounts.IN_TRANSIT,
                    accounts.BANK,
                    twice.amount,
                    department_id=twice.department_id,
                    claim_id=twice.pk,
                ),
            ),
            actor=cast.finance,
        )
    Claim.objects.filter(pk=edited.pk).update(amount=Decimal("3600.00"))
    found = {(d.claim_id, d.cause) for d in month_report(JUNE).differences}
    assert found == {
        (unpaid.pk, "unpaid"),
        (in_flight.pk, "unpaid"),
        (failed.pk, "failed"),
        (twice.pk, "paid_twice"),
        (edited.pk, "amount_mismatch"),
    }


def test_hr_and_finance_each_sign_a_finished_month_once(cast, settings):
    paid_batch(cast, advance(cast, claims_for_class(cast, people=1)))
    with pytest.raises(StateConflict, match="月份结束后"):
        reconciliation_sign(actor=cast.hr, month=JUNE)
    settings.SKILLUP_TODAY = "2021-07-02"
    rec = reconciliation_sign(actor=cast.hr, month=JUNE)
    assert not rec.frozen and rec.totals["paid_count"] == 1
    with pytest.raises(StateConflict, match="已签字"):
        reconciliation_sign(actor=cast.hr, month=JUNE)
    assert reconciliation_sign(actor=cast.finance, month=JUNE).frozen

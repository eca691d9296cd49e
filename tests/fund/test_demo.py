"""The demo district's money: claims in every state, paid batches across 2019–2021, reconciled months,
books that balance and an audit chain that verifies."""

import pytest

from skillup.accounts import audit
from skillup.core import demo
from skillup.fund.models import PaymentBatch, ReconciliationMonth
from skillup.fund.selectors import balances
from skillup.subsidies.models import Claim


@pytest.mark.django_db
def test_the_demo_district_moves_money_in_every_state(settings):
    settings.SKILLUP_TODAY = "2021-06-15"
    demo.run(echo=lambda line: None)
    assert set(Claim.objects.values_list("status", flat=True)) == set(Claim.Status.values)
    assert {d.year for d in PaymentBatch.objects.values_list("date", flat=True)} == {2019, 2020, 2021}
    assert (
        ReconciliationMonth.objects.filter(
            hr_signed_by__isnull=False, finance_signed_by__isnull=False
        ).count()
        >= 12
    )
    assert Claim.objects.filter(enterprise__isnull=False, klass__isnull=True).exists()
    assert Claim.objects.filter(created_by__username="trainee").exists()
    books = balances()
    assert books["total_debits"] == books["total_credits"]
    assert audit.verify() is None
    assert settings.SKILLUP_TODAY == "2021-06-15"  # the demo's moving clock is put back

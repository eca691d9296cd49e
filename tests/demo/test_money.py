"""The demo district's money: claims in every state, paid batches across 2019–2021, reconciled months,
books that balance and an audit chain that verifies."""

import pytest

from skillup.accounts import audit
from skillup.fund.models import PaymentBatch, ReconciliationMonth
from skillup.fund.selectors import balances
from skillup.subsidies.models import Claim


@pytest.mark.django_db
def test_the_demo_district_moves_money_in_every_state(demo):
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
    # 第20条: a failed payment whose citizen card was corrected, re-issued to the new card and paid …
    from skillup.accounts.models import AuditEntry, User
    from skillup.fund.selectors import failed_payments_visible_to, with_corrections

    corrected = [
        c
        for c in Claim.objects.filter(
            status="paid", payee_kind="person", payments__status="failed"
        ).distinct()
        if AuditEntry.objects.filter(action="person.card_update", object_id=str(c.person_id)).exists()
    ]
    assert corrected
    attempts = list(corrected[0].payments.order_by("attempt"))
    assert [a.status for a in attempts][0] == "failed" and attempts[-1].status == "paid"
    assert attempts[-1].payee_account != attempts[0].payee_account
    # … and one failed payment still awaiting its correction.
    waiting = with_corrections(list(failed_payments_visible_to(User.objects.get(username="hr"))))
    assert any(not line.corrected for line in waiting)
    books = balances()
    assert books["total_debits"] == books["total_credits"]
    assert audit.verify() is None

"""Payment batches and result files: all or nothing, idempotent, re-issued failures never paid twice."""

import pytest
from django.db import IntegrityError, transaction

from skillup.core.errors import RuleViolation, StateConflict
from skillup.fund import payments
from skillup.fund.models import JournalEntry, PaymentBatch, PaymentLine
from skillup.fund.payments import (
    disbursement_csv,
    payment_batch_create,
    payment_reissue,
    payment_result_import,
)
from skillup.subsidies.models import Claim
from tests.subsidies.factories import advance, claims_for_class, paid_batch

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def approved(cast):
    return advance(cast, claims_for_class(cast, people=2))


def _keys(batch):
    return [line.split(",")[0] for line in disbursement_csv(batch).splitlines()[1:]]


def test_only_finance_approved_claims_go_into_a_batch(cast):
    claims = advance(cast, claims_for_class(cast, people=1), to="hr_approved")
    with pytest.raises(StateConflict, match="待支付"):
        payment_batch_create(actor=cast.finance, claim_ids=[claims[0].pk])
    assert not PaymentBatch.objects.exists()


def test_a_batch_file_lists_key_payee_account_amount_and_claim(cast, approved):
    batch = payment_batch_create(actor=cast.finance, claim_ids=[c.pk for c in approved])
    lines = disbursement_csv(batch).splitlines()
    # API.md's five columns first, in order; the card centre's columns after them (docs/payments.md).
    assert lines[0] == "key,payee,account,amount,claim,payee_kind,name,id_masked,id_number"
    key, payee, account, amount, claim, *_ = lines[1].split(",")
    assert (payee, account, amount, int(claim)) == (
        approved[0].payee_name,
        approved[0].payee_account,
        "3500.00",
        approved[0].pk,
    )
    assert Claim.objects.filter(status=S.IN_BATCH).count() == 2


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda keys: "key,status,reason\nNOPE-1,paid,\n", "不属于本批次"),
        (lambda keys: f"key,status,reason,amount\n{keys[0]},paid,,3500.01\n", "金额与支付文件不符"),
        (lambda keys: f"key,status,reason,amount\n{keys[0]},paid,,3500.00\nTOTAL,,,9999.00\n", "合计金额"),
        (lambda keys: f"key,status,reason\n{keys[0]},done,\n", "paid 或 failed"),
        (lambda keys: "账号,结果\n1,2\n", "首行"),
        (lambda keys: f"key,status,reason\n{keys[0]},paid,\n{keys[0]},paid,\n", "重复"),
    ],
)
def test_a_bad_result_file_is_refused_whole(cast, approved, make, message):
    batch = payment_batch_create(actor=cast.finance, claim_ids=[c.pk for c in approved])
    good_then_bad = make(_keys(batch))
    with pytest.raises(RuleViolation, match=message):
        payment_result_import(actor=cast.finance, batch=batch, data=good_then_bad.encode())
    assert not PaymentLine.objects.exclude(status="pending").exists()
    assert Claim.objects.filter(status=S.IN_BATCH).count() == 2


def test_a_file_with_amounts_and_a_correct_total_is_accepted(cast, approved):
    batch = payment_batch_create(actor=cast.finance, claim_ids=[c.pk for c in approved])
    k1, k2 = _keys(batch)
    data = f"key,status,reason,amount\n{k1},paid,,3500.00\n{k2},paid,,3500.00\nTOTAL,,,7000.00\n"
    assert payment_result_import(actor=cast.finance, batch=batch, data=data.encode())["paid"] == 2
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.SETTLED


def test_a_crash_between_writing_the_batch_and_recording_it_leaves_nothing(cast, approved, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(payments.ledger, "post_many", crash)
    with pytest.raises(RuntimeError):
        payment_batch_create(actor=cast.finance, claim_ids=[c.pk for c in approved])
    assert not PaymentBatch.objects.exists() and not PaymentLine.objects.exists()
    assert Claim.objects.filter(status=S.FINANCE_APPROVED).count() == 2
    assert not JournalEntry.objects.filter(kind="disbursement").exists()


def test_a_failed_payment_is_reissued_with_a_new_key_and_never_paid_twice(cast, approved):
    first = paid_batch(cast, approved, ["paid", "failed"])
    failed = Claim.objects.get(status=S.PAYMENT_FAILED)
    with pytest.raises(StateConflict):
        payment_batch_create(actor=cast.finance, claim_ids=[failed.pk])
    payment_reissue(actor=cast.finance, claim_ids=[failed.pk])
    second = paid_batch(cast, [failed])
    keys = list(PaymentLine.objects.filter(claim=failed).order_by("attempt").values_list("key", "status"))
    assert len(keys) == 2 and keys[0][0] != keys[1][0] and [s for _, s in keys] == ["failed", "paid"]
    assert first.code != second.code
    # The old failed key, replayed as paid, changes nothing.
    old_key = keys[0][0]
    summary = payment_result_import(
        actor=cast.finance, batch=first, data=f"key,status,reason\n{old_key},paid,\n".encode()
    )
    assert summary["paid"] == 0 and summary["conflicts"]
    assert PaymentLine.objects.filter(claim=failed, status="paid").count() == 1
    # The database itself refuses a second live payment of one claim.
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentLine.objects.create(
            batch=second,
            claim=failed,
            attempt=3,
            key="X-3",
            payee_name="x",
            payee_account="1",
            amount=failed.amount,
        )


def test_only_finance_runs_payments(cast, approved):
    from django.core.exceptions import PermissionDenied

    for user in (cast.hr, cast.dept, cast.institution):
        with pytest.raises(PermissionDenied):
            payment_batch_create(actor=user, claim_ids=[approved[0].pk])

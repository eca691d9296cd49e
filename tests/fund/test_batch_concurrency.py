"""Issue 10 item 6: codes numbered under concurrency. Four payment batches (and four class submissions)
at once, each thread on its own PostgreSQL connection, released together: all succeed, with distinct,
consecutive codes, and the books balance."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from skillup.fund.models import PaymentBatch
from skillup.fund.payments import payment_batch_create
from skillup.training import services as training
from skillup.training.models import TrainingClass
from tests.fund.books import assert_books_balance
from tests.subsidies.factories import advance, claims_for_class, filing_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(n, work):
    barrier = threading.Barrier(n)
    errors, results = [], {}

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors, results


def test_four_batches_at_once_all_succeed_with_consecutive_codes(cast):
    assert connection.vendor == "postgresql"
    claims = advance(cast, claims_for_class(cast, people=8))
    groups = [claims[i::4] for i in range(4)]
    errors, batches = _race(
        4, lambda i: payment_batch_create(actor=cast.finance, claim_ids=[c.pk for c in groups[i]])
    )
    assert not errors, errors
    codes = sorted(b.code for b in batches.values())
    assert codes == [f"ZF20210615{n:03d}" for n in range(1, 5)]
    assert sorted(PaymentBatch.objects.values_list("code", flat=True)) == codes
    assert all(b.count == 2 for b in PaymentBatch.objects.all())
    assert_books_balance()


def test_four_class_submissions_at_once_get_distinct_consecutive_codes(cast):
    filing_for(cast.institution_org)
    data = {
        "scheme": "vocational_certificate",
        "occupation": "焊工",
        "level": "初级",
        "hours": 70,
        "start_date": dt.date(2021, 7, 1),
        "end_date": dt.date(2021, 7, 20),
        "venue": "实训楼",
        "capacity": 30,
    }
    errors, classes = _race(4, lambda i: training.class_submit(actor=cast.institution, **data))
    assert not errors, errors
    numbers = sorted(int(k.code.rsplit("-", 1)[1]) for k in classes.values())
    assert numbers == list(range(numbers[0], numbers[0] + 4))
    assert TrainingClass.objects.filter(code__startswith="SY2021-").count() == 4

"""skillup.core.numbering: one counter per series, consecutive, given back on rollback (issue 10 item 6)."""

import pytest
from django.db import transaction

from skillup.core.models import Counter
from skillup.core.numbering import next_number
from skillup.fund.payments import payment_batch_create
from tests.subsidies.factories import advance, claims_for_class

pytestmark = pytest.mark.django_db


def _next(series, **kw):
    with transaction.atomic():
        return next_number(series, **kw)


def test_each_series_counts_from_one_on_its_own():
    assert [_next("a"), _next("a"), _next("b"), _next("a")] == [1, 2, 1, 3]


def test_a_rolled_back_writer_gives_its_number_back():
    assert _next("a") == 1
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert next_number("a") == 2
        1 / 0  # noqa: B018  the code's write fails after it was numbered
    assert _next("a") == 2


def test_the_floor_is_asked_once_when_the_series_starts():
    asked = []

    def floor():
        asked.append(1)
        return 41

    assert [_next("old", floor=floor), _next("old", floor=floor)] == [42, 43]
    assert len(asked) == 1
    assert Counter.objects.get(name="old").value == 43


def test_it_refuses_to_number_outside_a_transaction(transactional_db):
    with pytest.raises(RuntimeError):
        next_number("a")


def test_batch_codes_continue_after_the_batches_made_before_the_counter(cast):
    claims = advance(cast, claims_for_class(cast, people=3))
    first = payment_batch_create(actor=cast.finance, claim_ids=[claims[0].pk])
    Counter.objects.all().delete()  # a database from before this counter existed
    second = payment_batch_create(actor=cast.finance, claim_ids=[claims[1].pk])
    third = payment_batch_create(actor=cast.finance, claim_ids=[claims[2].pk])
    assert [first.code, second.code, third.code] == ["ZF20210615001", "ZF20210615002", "ZF20210615003"]

"""A page of the claims list is read from an index in the list's order, never by sorting every claim.

Not a timing (benchmarks/loadtest.py measures the pages under load, at 1× and 10× the claims): the claims
list orders by Meta.ordering (newest first) and shows 50 rows, so with an index in that order PostgreSQL reads
50 index entries whatever the table's size. Without it, every page sorted the whole table (issue 16 item 2).
"""

import pytest
from django.db import connection

from skillup.subsidies import selectors
from skillup.subsidies.models import Claim

pytestmark = pytest.mark.django_db


def _index_on(fields: list[str]) -> str | None:
    return next((i.name for i in Claim._meta.indexes if list(i.fields) == fields), None)


def test_the_lists_order_has_an_index_for_everyone_and_per_department():
    order = list(Claim._meta.ordering)
    assert _index_on(order), f"no index in the claims list's order {order}"
    assert _index_on(["department", *order]), "no index for one department's list in that order"


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny test table is cheaper to scan than to read by index: make both the scan and the sort
        # look expensive, so the plan shows whether an index *can* give the order at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.parametrize("who", ["hr", "dept"])
def test_a_page_of_the_list_is_read_in_index_order(cast, who):
    from django.db import transaction

    user = getattr(cast, who)
    page = selectors.claims_filtered(user, {})[:50]
    with transaction.atomic():
        plan = _plan(page)
    expected = _index_on(["department", "-created_at", "-id"] if who == "dept" else ["-created_at", "-id"])
    assert expected in plan, plan
    assert "Sort Key: subsidies_claim.created_at" not in plan, plan

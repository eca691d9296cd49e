"""Every claim query of the dashboard and the monthly reports reads only columns of one covering index.

Not a timing: on PostgreSQL such a query can be answered by an index-only scan, never touching the wide
facts/basis heap of a production-sized claims table (docs/architecture.md, "Dashboard"; benchmarks/
bench_dashboard.py measures it). A figure that starts reading another claim column (COUNT(id) instead of
COUNT(*), a new field) fails here: add the column to the index's `include` or rethink.

The dashboard reads its claim figures from the rollup (subsidies/models_rollup.py); only the distinct
elite-programme people are counted from the claims. Its fresh variant (`fresh=True`, the reference the
rollup is verified against, and `skillup rollup --verify`'s aggregate of the same figures) reads the claims
and is held to the same rule.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from skillup.planning import dashboard, figures
from skillup.subsidies.models import Claim

pytestmark = pytest.mark.django_db

COLUMN = re.compile(r'"subsidies_claim"\."(\w+)"')


def _covering() -> dict[str, set[str]]:
    columns = {f.name: f.column for f in Claim._meta.fields}
    return {i.name: {columns[f] for f in (*i.fields, *i.include)} for i in Claim._meta.indexes if i.include}


@pytest.mark.parametrize(
    "build",
    [
        lambda cast: dashboard.build(year=2021, today=dt.date(2021, 6, 15)),
        lambda cast: dashboard.build(year=2021, today=dt.date(2021, 6, 15), fresh=True),
        lambda cast: figures.for_month(cast.department.pk, dt.date(2021, 5, 1)),
        lambda cast: figures.for_month(None, dt.date(2021, 5, 1)),
    ],
    ids=["dashboard", "dashboard-fresh", "monthly-department", "monthly-district"],
)
def test_claim_figures_read_one_covering_index(cast, build):
    indexes = _covering()
    assert indexes, "Claim declares covering indexes"
    with CaptureQueriesContext(connection) as ctx:
        build(cast)
    claim_queries = [q["sql"] for q in ctx.captured_queries if '"subsidies_claim"' in q["sql"]]
    assert claim_queries, "the figures read claims"
    for sql in claim_queries:
        used = set(COLUMN.findall(sql))
        assert used, sql
        assert any(used <= cols for cols in indexes.values()), (
            f"columns {sorted(used)} outside every index: {sql}"
        )


def test_the_dashboard_reads_claims_once_and_the_rest_from_the_rollup(cast):
    with CaptureQueriesContext(connection) as ctx:
        dashboard.build(year=2021, today=dt.date(2021, 6, 15))
    sqls = [q["sql"] for q in ctx.captured_queries]
    on_claims = [sql for sql in sqls if '"subsidies_claim"' in sql]
    assert len(on_claims) == 1 and "DISTINCT" in on_claims[0], on_claims  # the elite programme's people
    assert any('"subsidies_claimmonthfigure"' in sql for sql in sqls)
    assert any('"subsidies_claimgroupfigure"' in sql for sql in sqls)


def test_the_check_sees_a_column_outside_the_indexes():
    sql = str(Claim.objects.values("department_id").annotate(n=Count("id")).query)
    used = set(COLUMN.findall(sql))
    assert "id" in used
    assert not any(used <= cols for cols in _covering().values())

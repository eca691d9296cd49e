"""The role home pages (工作台) run a fixed number of queries: more classes and claims add no query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.subsidies.factories import advance, claims_for_class

ROLES = ["hr", "hradmin", "dept", "finance", "institution", "enterprise", "trainee", "auditor"]


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ROLES)
def test_the_home_page_does_not_grow_with_the_data(cast, login, who):
    client = login(getattr(cast, who))
    claims_for_class(cast, people=2)
    _queries(client)  # warm the per-process caches (catalogue, navigation)
    before = _queries(client)
    for _ in range(3):
        advance(cast, claims_for_class(cast, people=3), to="dept_approved")
    assert _queries(client) <= before


def test_a_trainee_is_greeted_by_name(cast, login):
    page = login(cast.trainee).get("/").content.decode()
    assert f"{cast.trainee_person.name}，您好" in page

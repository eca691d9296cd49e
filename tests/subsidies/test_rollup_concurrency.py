"""The rollup under concurrent transactions on PostgreSQL: each thread on its own connection, the first
holding its transaction open until the second is seen waiting for a lock, so the two really overlap."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from skillup.subsidies import selectors_rollup
from skillup.subsidies.models import Claim
from skillup.subsidies.models_rollup import ClaimGroupFigure, ClaimMonthFigure
from tests.factories import PersonFactory
from tests.planning.factories import ClaimFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _someone_waits_for_a_lock(limit: float = 30.0) -> bool:
    """Polls (on this thread's connection) until another session of this database waits for a lock."""
    deadline = time.monotonic() + limit
    with connection.cursor() as c:
        while time.monotonic() < deadline:
            c.execute(
                "SELECT pg_stat_clear_snapshot()"
            )  # else the view stays as first read in this transaction
            c.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
            )
            if c.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def _overlap(first, second) -> dict:
    """Runs `first` in a transaction kept open until `second` (started after `first`'s writes) waits."""
    started, seen, errors = threading.Event(), {}, []

    def hold():
        try:
            with transaction.atomic():
                first()
                started.set()
                seen["waiter"] = _someone_waits_for_a_lock()
        except Exception as exc:  # collected and asserted by the test
            errors.append(exc)
            started.set()
        finally:
            connections.close_all()

    def follow():
        try:
            started.wait(30)
            with transaction.atomic():
                second()
        except Exception as exc:  # collected and asserted by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hold), threading.Thread(target=follow)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return seen


def test_two_concurrent_approvals_of_the_same_figure_both_count(cast):
    assert connection.vendor == "postgresql"
    a, b = (
        ClaimFactory(department=cast.department, person=PersonFactory(), status=Claim.Status.HR_APPROVED)
        for _ in range(2)
    )
    approve = Claim.Status.FINANCE_APPROVED
    seen = _overlap(
        lambda: Claim.objects.filter(pk=a.pk).update(status=approve),
        lambda: Claim.objects.filter(pk=b.pk).update(status=approve),
    )
    assert selectors_rollup.differences() == []
    figure = ClaimMonthFigure.objects.get(department=cast.department, status=approve)
    assert (figure.claims, figure.people) == (2, 2)
    assert (
        ClaimMonthFigure.objects.get(department=cast.department, status=Claim.Status.HR_APPROVED).claims == 0
    )
    assert seen["waiter"], "the second approval waited for the first's row of the rollup"


def test_a_change_of_groups_waits_for_a_claim_being_made_for_that_person(cast):
    person = PersonFactory(groups=",employee,")
    ClaimFactory(department=cast.department, person=person)
    seen = _overlap(
        lambda: ClaimFactory(department=cast.department, person=person, created_by=cast.hr),
        lambda: type(person).objects.filter(pk=person.pk).update(groups=",veteran,"),
    )
    assert selectors_rollup.differences() == []
    assert ClaimGroupFigure.objects.get(groups=",veteran,").people == 2
    assert seen["waiter"]


def test_a_claim_made_while_the_persons_groups_change_counts_under_the_new_groups(cast):
    person = PersonFactory(groups=",employee,")
    ClaimFactory(department=cast.department, person=person)
    seen = _overlap(
        lambda: type(person).objects.filter(pk=person.pk).update(groups=",veteran,"),
        lambda: ClaimFactory(department=cast.department, person=person, created_by=cast.hr),
    )
    assert selectors_rollup.differences() == []
    assert ClaimGroupFigure.objects.get(groups=",veteran,").people == 2
    assert seen["waiter"]

"""Joining is safe under load (issue 13 item 3): 200 trainees join a 30-seat group at the same moment, each
on its own PostgreSQL connection (at most 40 open at once); exactly 30 get in and the others get the clear "名额已满" refusal."""

import threading

import pytest
from django.db import connection, connections

from skillup.core.errors import StateConflict
from skillup.market import services_groups as services
from skillup.market.models import Group, GroupMember
from tests.market.groups_factories import offer_for, trainees

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


# The server is shared (max_connections 100): 200 requests race through 40 connections at a time, the
# way gunicorn workers share a pool, all released at once by the barrier.
CONNECTIONS = 40


def _race(n, work):
    barrier = threading.Barrier(n)
    pool = threading.BoundedSemaphore(CONNECTIONS)
    outcomes: list = []

    def run(i):
        barrier.wait()
        with pool:
            try:
                work(i)
                outcomes.append("joined")
            except Exception as exc:  # collected and asserted below
                outcomes.append(exc)
            finally:
                connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_two_hundred_simultaneous_joins_for_thirty_seats_give_exactly_thirty(cast):
    assert connection.vendor == "postgresql"
    offer = offer_for(cast.institution_org, minimum=10, seats=30)
    group = services.group_start(actor=cast.trainee, offer=offer)
    people = trainees(200, prefix="race")
    outcomes = _race(
        200, lambda i: services.group_join(actor=people[i], group=Group.objects.get(pk=group.pk))
    )
    joined = [o for o in outcomes if o == "joined"]
    refused = [o for o in outcomes if isinstance(o, StateConflict)]
    others = [o for o in outcomes if o != "joined" and not isinstance(o, StateConflict)]
    assert others == []
    assert len(joined) == 29 and len(refused) == 171  # the starter holds the first seat
    assert all("名额已满" in o.message for o in refused)
    group.refresh_from_db()
    assert group.joined == 30 == GroupMember.objects.filter(group=group).count()
    assert group.status == Group.Status.REACHED


def test_an_enterprise_booking_and_trainees_racing_never_overfill(cast):
    from tests.factories import PersonFactory

    offer = offer_for(cast.institution_org, minimum=2, seats=10)
    group = services.group_start(actor=cast.trainee, offer=offer)
    staff = [PersonFactory(employer=cast.enterprise_org) for _ in range(6)]
    people = trainees(20, prefix="mix")

    def work(i):
        fresh = Group.objects.get(pk=group.pk)
        if i == 0:
            services.group_book(actor=cast.enterprise, group=fresh, person_ids=[p.pk for p in staff])
        else:
            services.group_join(actor=people[i - 1], group=fresh)

    outcomes = _race(21, work)
    assert [o for o in outcomes if o != "joined" and not isinstance(o, StateConflict)] == []
    group.refresh_from_db()
    assert group.joined == GroupMember.objects.filter(group=group).count() <= 10
    assert group.joined == 10 or group.joined == 1 + outcomes.count("joined")

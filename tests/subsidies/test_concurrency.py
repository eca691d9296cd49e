"""Caps hold under concurrency: real concurrent transactions on PostgreSQL, each thread on its own
connection, all started at once."""

import threading

import pytest
from django.db import connection, connections

from skillup.policy.catalogue import occupations
from skillup.subsidies.models import Claim
from skillup.subsidies.services import claims_create_for_class
from tests.factories import PersonFactory
from tests.subsidies.factories import advance, finished_class

OCCUPATIONS = [o for o in occupations() if o["scheme"] == "vocational_certificate" and "高级" in o["levels"]]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(n, work):
    barrier = threading.Barrier(n)
    errors = []

    def run(i):
        try:
            barrier.wait()
            work(i)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_twenty_claims_at_once_for_one_person_leave_at_most_three_in_a_year(cast):
    assert connection.vendor == "postgresql"
    person = PersonFactory(citizen_card="330600005555")
    occupations = [o["name"] for o in OCCUPATIONS[:20]]
    classes = [finished_class(cast, people=[person], occupation=o) for o in occupations]
    errors = _race(20, lambda i: claims_create_for_class(actor=cast.institution, klass=classes[i]))
    assert not errors, errors
    statuses = list(Claim.objects.filter(person=person).values_list("status", flat=True))
    assert len(statuses) == 20
    assert statuses.count(Claim.Status.CHECKED) == 3
    refused = Claim.objects.filter(person=person, status=Claim.Status.REFUSED)
    assert all("annual_limit" in c.refusals for c in refused)


def test_twenty_claims_at_once_for_the_same_occupation_and_level_leave_one(cast):
    person = PersonFactory(citizen_card="330600005556")
    classes = [finished_class(cast, people=[person]) for _ in range(20)]
    errors = _race(20, lambda i: claims_create_for_class(actor=cast.institution, klass=classes[i]))
    assert not errors, errors
    assert Claim.objects.filter(person=person, status=Claim.Status.CHECKED).count() == 1


def test_twenty_finance_approvals_at_once_never_approve_a_fourth_in_a_year(cast):
    """Four claims slipped past creation (planted as HR-approved); concurrent final approvals re-check each
    under the person's lock: the three earliest are approved, the fourth is refused."""
    from skillup.subsidies.review import claims_review_bulk

    person = PersonFactory(citizen_card="330600005557")
    claims = []
    for i in range(4):
        (c,) = claims_create_for_class(
            actor=cast.institution,
            klass=finished_class(cast, people=[person], occupation=OCCUPATIONS[i]["name"]),
        )
        claims.append(c)
    # The fourth was refused at creation; force all four into HR-approved to attack the final step.
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(status=Claim.Status.HR_APPROVED, eligible=True)
    advance(cast, [], to="dept_approved")  # sets the budget
    errors = _race(
        20, lambda i: claims_review_bulk(actor=cast.finance, claim_ids=[claims[i % 4].pk], decision="approve")
    )
    assert not errors, errors
    approved = Claim.objects.filter(person=person, status=Claim.Status.FINANCE_APPROVED)
    assert sorted(approved.values_list("id", flat=True)) == [c.pk for c in claims[:3]]
    assert Claim.objects.get(pk=claims[3].pk).status == Claim.Status.REFUSED

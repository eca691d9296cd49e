"""The claim rollup stays equal to a fresh aggregate of the claims through every kind of write.

A seeded random sequence of creations (through the claim service, a model save and bulk_create), reviews
(through the review service), status changes by queryset.update(), amount edits, bulk_update of the key
columns, person reassignments, deletions and changes of people's target groups; after every step the
rollup must equal the claims' fresh aggregate row for row, and the dashboard from the rollup must equal
the dashboard from the claims. Runs on SQLite and on PostgreSQL (the triggers differ).
"""

import datetime as dt
import logging
import random
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from skillup.accounts.models import AuditEntry
from skillup.planning import dashboard, targets
from skillup.subsidies import selectors_rollup
from skillup.subsidies.models import Claim
from skillup.subsidies.models_rollup import ClaimGroupFigure, ClaimMonthFigure
from skillup.subsidies.tasks import rollup_verify_task
from tests.factories import PersonFactory
from tests.planning.factories import ClaimFactory
from tests.subsidies.factories import advance, claims_for_class

pytestmark = pytest.mark.django_db

STATUSES = [s for s, _ in Claim.Status.choices]
SCHEMES = ["vocational_certificate", "post_skill_upgrade", "elite_training", "special_operation_safety"]
LEVELS = ["", "初级", "中级", "高级", "技师", "高级技师"]
GROUPS = [",employee,", ",unemployed,veteran,", ",farmer,", ""]
TODAY = dt.date(2021, 6, 15)


def _assert_exact():
    assert selectors_rollup.differences() == []
    for year in (2020, 2021):
        assert dashboard.build(year=year, today=TODAY) == dashboard.build(year=year, today=TODAY, fresh=True)


def _attrs(rng, cast, people):
    day = dt.date(rng.choice([2020, 2021]), rng.randint(1, 12), rng.randint(1, 28))
    return {
        "department": rng.choice([cast.department, cast.other_department]),
        "scheme": rng.choice(SCHEMES),
        "status": rng.choice(STATUSES),
        "level": rng.choice(LEVELS),
        "amount": Decimal(rng.randint(0, 900000)) / 100,
        "entitlement_date": day,
        "year": day.year,
        "person": None if rng.random() < 0.15 else rng.choice(people),
    }


def test_the_rollup_equals_a_fresh_aggregate_after_every_step(cast):
    rng = random.Random(16)
    people = [cast.trainee_person, cast.other_person, *(PersonFactory() for _ in range(4))]
    _assert_exact()
    steps = [
        "service",
        "review",
        "save",
        "bulk_create",
        "update",
        "amount",
        "bulk_update",
        "groups",
        "groups_update",
        "person",
        "delete",
    ]
    done = set()
    for i in range(45):
        step = steps[i] if i < len(steps) else rng.choice(steps)
        claims = list(Claim.objects.order_by("pk"))
        if step == "service":
            claims_for_class(cast, people=rng.sample(people, 2))
        elif step == "review":
            # New people, so that the annual cap refuses none of them at the final approval.
            fresh = claims_for_class(cast, people=[PersonFactory(), PersonFactory()])
            _assert_exact()
            advance(cast, fresh, to=rng.choice(["dept_approved", "hr_approved", "finance_approved"]))
        elif step == "save":
            ClaimFactory(**_attrs(rng, cast, people))
        elif step == "bulk_create":
            Claim.objects.bulk_create(
                [ClaimFactory.build(created_by=cast.hr, **_attrs(rng, cast, people)) for _ in range(5)]
            )
        elif step == "update" and claims:
            picked = [c.pk for c in rng.sample(claims, min(4, len(claims)))]
            Claim.objects.filter(pk__in=picked).update(status=rng.choice(STATUSES))
        elif step == "amount" and claims:
            claim = rng.choice(claims)
            claim.amount = Decimal(rng.randint(0, 900000)) / 100
            claim.save(update_fields=["amount"])
        elif step == "bulk_update" and claims:
            picked = rng.sample(claims, min(5, len(claims)))
            for c in picked:
                a = _attrs(rng, cast, people)
                c.department, c.level, c.scheme = a["department"], a["level"], a["scheme"]
                c.entitlement_date, c.year = a["entitlement_date"], a["year"]
            Claim.objects.bulk_update(picked, ["department", "level", "scheme", "entitlement_date", "year"])
        elif step == "groups":
            person = rng.choice(people)
            person.groups = rng.choice(GROUPS)
            person.save()
        elif step == "groups_update":
            Claim.objects.update(updated_at=F("updated_at"))  # a statement touching no figure
            from skillup.registry.models import Person

            Person.objects.filter(pk__in=[p.pk for p in rng.sample(people, 3)]).update(
                groups=rng.choice(GROUPS)
            )
        elif step == "person" and claims:
            claim = rng.choice(claims)
            claim.person = None if claim.person_id and rng.random() < 0.5 else rng.choice(people)
            claim.save()
        elif step == "delete":
            mine = [c for c in claims if not c.klass_id and not c.reviews.exists()]
            if mine:
                rng.choice(mine).delete()
        done.add(step)
        _assert_exact()
    assert done == set(steps)
    assert Claim.objects.count() > 20
    assert ClaimMonthFigure.objects.filter(claims__gt=0).exists()
    assert ClaimGroupFigure.objects.filter(people__gt=0).exists()


def test_a_change_of_the_high_skill_levels_needs_no_rebuild(cast, monkeypatch):
    for level in ("中级", "技师", "高级技师"):
        ClaimFactory(department=cast.department, level=level, person=cast.trainee_person)
    before = dashboard.build(year=2021, today=TODAY)["high_skill"]["person_times"]
    monkeypatch.setattr(targets, "high_skill_levels", lambda: ["中级"])
    after = dashboard.build(year=2021, today=TODAY)
    assert after == dashboard.build(year=2021, today=TODAY, fresh=True)
    assert (before, after["high_skill"]["person_times"]) == (2, 1)


def _corrupt():
    row = ClaimMonthFigure.objects.filter(claims__gt=0).first()
    ClaimMonthFigure.objects.filter(pk=row.pk).update(claims=F("claims") + 1, amount=F("amount") - 1)
    ClaimGroupFigure.objects.update(people=F("people") + 2)
    return row


def test_verify_names_every_difference_and_rebuild_repairs_it(cast, capsys):
    ClaimFactory(department=cast.department, person=cast.trainee_person, amount=Decimal("2400.00"))
    ClaimFactory(department=cast.other_department, person=None, status=Claim.Status.CHECKED)
    call_command("rollup", "--verify")
    row = _corrupt()
    found = selectors_rollup.differences()
    assert len(found) == 2
    assert f"{row.scheme} / {row.status}" in found[0]
    assert "申领数应为 1、实为 2" in found[0] and "金额应为 2400.00、实为 2399.00" in found[0]
    assert "人次应为 1、实为 3" in found[1]
    with pytest.raises(CommandError, match="2 处差异"):
        call_command("rollup", "--verify")
    assert "申领数应为 1、实为 2" in capsys.readouterr().err
    call_command("rollup", "--rebuild")
    assert "已更正" in capsys.readouterr().out
    assert selectors_rollup.differences() == []
    call_command("rollup", "--verify")
    actions = list(
        AuditEntry.objects.filter(action__startswith="subsidies.rollup").values_list("action", "changes")
    )
    assert [(a, c["differences"]) for a, c in actions] == [
        ("subsidies.rollup_verify", 0),
        ("subsidies.rollup_verify", 2),
        ("subsidies.rollup_rebuild", 2),
        ("subsidies.rollup_verify", 0),
    ]


def test_the_rebuild_drops_rows_left_at_zero(cast):
    claim = ClaimFactory(department=cast.department, person=cast.trainee_person)
    claim.delete()
    assert ClaimMonthFigure.objects.filter(claims=0).exists()
    assert selectors_rollup.differences() == []
    call_command("rollup", "--rebuild")
    assert not ClaimMonthFigure.objects.exists() and not ClaimGroupFigure.objects.exists()


def test_the_nightly_task_logs_a_difference_as_an_error(cast, caplog):
    ClaimFactory(department=cast.department, person=cast.trainee_person)
    assert rollup_verify_task() == {"ok": True, "differences": 0}
    _corrupt()
    with caplog.at_level(logging.ERROR, logger="skillup.rollup"):
        assert rollup_verify_task() == {"ok": False, "differences": 2}
    assert "claim rollup differs from the claims in 2 rows" in caplog.text


def test_the_nightly_verify_is_scheduled():
    from django.conf import settings

    from skillup.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["claim-rollup-verify"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks

"""Yearly evaluation: weights from data, parts from plans, reports and claims; a ranking and a notice."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from skillup.integrity.models import Case
from skillup.planning import evaluation, services, targets
from tests.integrity.support import finding
from tests.planning.factories import ClaimFactory


def _case(cast, findings, outcome):
    case = Case.objects.create(
        code=f"HC2021{Case.objects.count() + 1:04d}",
        title="核查",
        opened_by=cast.hr,
        status=Case.Status.CLOSED if outcome else Case.Status.OPEN,
        outcome=outcome,
    )
    case.findings.add(*findings)
    return case


def test_the_score_is_the_weighted_sum_of_the_four_parts(cast, settings):
    settings.SKILLUP_TODAY = "2021-01-20"
    plan = services.plan_save(
        actor=cast.dept,
        department=cast.department,
        year=2021,
        lines=[{"scheme": "vocational_certificate", "person_times": 4, "budget": "10000"}],
    )
    services.plan_submit(actor=cast.dept, plan=plan)
    # Only a plan both bureaus acknowledged counts (the dashboard and the budgets use the same plan).
    services.plan_acknowledge(actor=cast.hr, plan=plan)
    services.plan_acknowledge(actor=cast.finance, plan=plan)
    claims = [
        ClaimFactory(
            department=cast.department,
            status=status,
            amount=Decimal("2000.00"),
            entitlement_date=dt.date(2021, 3, 1),
        )
        for status in ("paid", "paid", "rejected", "refused")
    ]
    # Integrity: a confirmed case concerns one paid claim (through its person's finding); the rejected
    # and refused claims are plain corrections in review and do not count, nor does an open case's.
    _case(cast, [finding(person=claims[1].person)], outcome="confirmed")
    _case(cast, [finding(claim=claims[0])], outcome="")
    settings.SKILLUP_TODAY = "2021-04-04"
    services.report_submit(actor=cast.dept, department=cast.department, month=dt.date(2021, 1, 1))  # late
    services.report_submit(actor=cast.dept, department=cast.department, month=dt.date(2021, 3, 1))  # on time
    rows = {r["code"]: r for r in evaluation.evaluate(2021, dt.date(2021, 4, 10))}
    mine = rows["jxj"]
    # 2 of 4 planned person-times; 1 of 3 due reports on time; 4000 of 10000; 1 of 4 claims in a
    # confirmed case.
    assert mine["parts"] == {
        "plan_completion": Decimal("0.5"),
        "timeliness": Decimal("0.3333"),
        "budget_execution": Decimal("0.4"),
        "integrity": Decimal("0.75"),
    }
    # Worked by hand with the weights of planning/data/targets.yaml (0.40, 0.25, 0.20, 0.15):
    # 100 × (0.40 × 0.5 + 0.25 × 0.3333 + 0.20 × 0.4 + 0.15 × 0.75) = 47.5825 → 47.58.
    assert mine["score"] == Decimal("47.58") and mine["findings"] == 1
    assert rows["yjglj"]["score"] < mine["score"] and mine["rank"] == 1


def test_the_weights_sum_to_one():
    assert sum(w for _, w in targets.weights().items()) == Decimal("1")


def test_the_notice_page_prints_the_ranking(cast, login):
    body = login(cast.hr).get(reverse("planning:notice") + "?year=2021").content.decode()
    assert "通报" in body and "@media print" in body and "区经信局" in body

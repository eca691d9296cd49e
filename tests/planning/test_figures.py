"""Report and dashboard figures equal independent sums over the claims behind them."""

import datetime as dt
import random
from decimal import Decimal

from skillup.planning import dashboard, figures
from skillup.subsidies.models import Claim
from tests.planning.factories import ClaimFactory, EnrolmentFactory, ResultFactory, TrainingClassFactory

STATUSES = [s for s, _ in Claim.Status.choices]
SCHEMES = ["vocational_certificate", "post_skill_upgrade", "elite_training", "special_operation_safety"]
APPROVED = {"finance_approved", "in_batch", "paid", "payment_failed"}


def _random_claims(cast, n=60, seed=7):
    rng = random.Random(seed)
    claims = []
    for _ in range(n):
        claims.append(
            ClaimFactory(
                department=rng.choice([cast.department, cast.other_department]),
                scheme=rng.choice(SCHEMES),
                status=rng.choice(STATUSES),
                amount=Decimal(rng.randint(100, 600000)) / 100,
                entitlement_date=dt.date(2021, rng.choice([4, 5]), rng.randint(1, 28)),
                level=rng.choice(["中级", "技师", "高级技师"]),
                person=None if rng.random() < 0.1 else cast.trainee_person,
            )
        )
    return claims


def _independent(claims, department, month):
    mine = [
        c for c in claims if c.department_id == department.pk and c.entitlement_date.replace(day=1) == month
    ]
    out = {}
    for c in mine:
        row = out.setdefault(
            c.scheme,
            {"claims": 0, "person_times": 0, "amount_approved": Decimal("0"), "amount_paid": Decimal("0")},
        )
        row["claims"] += 1
        if c.status in APPROVED:
            row["amount_approved"] += c.amount
            if c.person_id:
                row["person_times"] += 1
        if c.status == "paid":
            row["amount_paid"] += c.amount
    return out


def test_monthly_figures_equal_independent_sums_over_claims(cast):
    claims = _random_claims(cast)
    for dept in (cast.department, cast.other_department):
        for month in (dt.date(2021, 4, 1), dt.date(2021, 5, 1)):
            got = figures.for_month(dept.pk, month)
            expected = _independent(claims, dept, month)
            assert {r["scheme"] for r in got["rows"]} == set(expected)
            for r in got["rows"]:
                e = expected[r["scheme"]]
                assert (r["claims"], r["person_times"], r["amount_approved"], r["amount_paid"]) == (
                    e["claims"],
                    e["person_times"],
                    e["amount_approved"],
                    e["amount_paid"],
                ), r["scheme"]
            assert got["totals"]["amount_approved"] == sum(
                (e["amount_approved"] for e in expected.values()), Decimal(0)
            )
            assert got["totals"]["claims"] == sum(e["claims"] for e in expected.values())


def test_the_district_month_is_the_sum_of_the_departments(cast):
    _random_claims(cast, n=40, seed=3)
    month = dt.date(2021, 5, 1)
    district = figures.for_month(None, month)["totals"]
    parts = [figures.for_month(d.pk, month)["totals"] for d in (cast.department, cast.other_department)]
    for key in ("claims", "person_times", "amount_approved", "amount_paid"):
        assert district[key] == parts[0][key] + parts[1][key]


def test_classes_trainees_and_passes_are_counted_in_their_month(cast):
    klass = TrainingClassFactory(department=cast.department, start_date=dt.date(2021, 5, 3))
    other = TrainingClassFactory(
        department=cast.department, start_date=dt.date(2021, 4, 3), end_date=dt.date(2021, 4, 30)
    )
    TrainingClassFactory(department=cast.department, start_date=dt.date(2021, 5, 9), status="rejected")
    for _ in range(3):
        ResultFactory(enrolment=EnrolmentFactory(klass=klass), certified_on=dt.date(2021, 5, 28))
    ResultFactory(enrolment=EnrolmentFactory(klass=klass), passed=False)
    ResultFactory(enrolment=EnrolmentFactory(klass=other), certified_on=None)  # falls back to the class's end
    may = figures.for_month(cast.department.pk, dt.date(2021, 5, 1))["totals"]
    april = figures.for_month(cast.department.pk, dt.date(2021, 4, 1))["totals"]
    assert (may["classes"], may["trainees"], may["passes"]) == (1, 4, 3)
    assert (april["classes"], april["trainees"], april["passes"]) == (1, 1, 1)


def test_person_times_by_target_group_count_each_group_of_a_person(cast):
    cast.trainee_person.groups = ",employee,veteran,"
    cast.trainee_person.save()
    ClaimFactory(department=cast.department, person=cast.trainee_person, status="paid")
    ClaimFactory(department=cast.department, person=cast.trainee_person, status="rejected")
    groups = {
        g["group"]: g["person_times"]
        for g in figures.for_month(cast.department.pk, dt.date(2021, 5, 1))["groups"]
    }
    assert groups == {"employee": 1, "veteran": 1}


def test_the_frozen_snapshot_round_trips_with_decimal_amounts(cast):
    _random_claims(cast, n=10)
    data = figures.for_month(cast.department.pk, dt.date(2021, 5, 1))
    assert figures.from_json(figures.to_json(data)) == data


def test_dashboard_totals_equal_independent_sums(cast):
    claims = _random_claims(cast, n=80, seed=11)
    ClaimFactory(
        department=cast.department,
        scheme="elite_training",
        status="paid",
        person=cast.other_person,
        entitlement_date=dt.date(2020, 3, 1),
    )
    claims = list(Claim.objects.all())
    d = dashboard.build(year=2021, today=dt.date(2021, 6, 15))
    approved = [c for c in claims if c.status in APPROVED]
    assert d["total"]["person_times"] == sum(1 for c in approved if c.person_id)
    assert d["total"]["amount_approved"] == sum((c.amount for c in approved), Decimal(0))
    assert d["total"]["amount_paid"] == sum((c.amount for c in claims if c.status == "paid"), Decimal(0))
    assert d["total"]["high_skill"] == sum(
        1 for c in approved if c.person_id and c.level in ("技师", "高级技师")
    )
    elite = {c.person_id for c in approved if c.scheme == "elite_training" and c.person_id}
    assert d["elite"]["people"] == len(elite)
    by_year = {y["year"]: y["person_times"] for y in d["by_year"]}
    assert by_year[2020] == sum(1 for c in approved if c.person_id and c.entitlement_date.year == 2020)
    assert d["trend"]["cumulative"][-1] == d["total"]["person_times"]
    groups = {g["group"]: g["person_times"] for g in d["groups"]}
    in_2021 = [c for c in approved if c.person_id and c.year == 2021]
    assert groups.get("employee", 0) == sum(1 for c in in_2021 if "employee" in c.person.group_list)
    depts = {x["code"]: x["person_times"] for x in d["departments"]}
    assert depts["jxj"] == sum(1 for c in approved if c.person_id and c.department_id == cast.department.pk)
    reserved = {"dept_approved", "hr_approved", *APPROVED}
    jxj = next(x for x in d["departments"] if x["code"] == "jxj")
    assert jxj["year_reserved"] == sum(
        (
            c.amount
            for c in claims
            if c.status in reserved and c.department_id == cast.department.pk and c.year == 2021
        ),
        Decimal(0),
    )

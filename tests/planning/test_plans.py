"""Annual plans: filed by 31 January within the catalogue's caps, acknowledged (备案) by HR and Finance."""

import datetime as dt
from decimal import Decimal

import pytest

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.planning import services
from skillup.planning.models import AnnualPlan, PlanLine
from skillup.policy.catalogue import scheme_names

LINES = [
    {
        "scheme": "vocational_certificate",
        "person_times": "300",
        "standard_percent": "100",
        "uplift_percent": "20",
        "budget": "720000.00",
    },
    {
        "scheme": "post_skill_upgrade",
        "person_times": "200",
        "standard_percent": "90",
        "uplift_percent": "0",
        "budget": "250000",
    },
]


def _plan(cast, year=2021, lines=LINES):
    return services.plan_save(
        actor=cast.dept, department=cast.department, year=year, lines=lines, note="重点数字经济"
    )


def test_a_department_files_a_plan_and_both_bureaus_acknowledge_it(cast, settings):
    settings.SKILLUP_TODAY = "2021-01-20"
    plan = _plan(cast)
    assert plan.status == "draft" and plan.lines.count() == 2
    plan = services.plan_submit(actor=cast.dept, plan=plan)
    assert plan.status == "submitted" and not plan.late
    plan = services.plan_acknowledge(actor=cast.hr, plan=plan)
    assert plan.status == "submitted" and plan.hr_ack_on == dt.date(2021, 1, 20)
    plan = services.plan_acknowledge(actor=cast.finance, plan=plan)
    assert plan.status == "acknowledged"
    actions = list(
        AuditEntry.objects.filter(object_type="planning.annualplan", object_id=str(plan.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["plan.save", "plan.submit", "plan.acknowledge", "plan.acknowledge"]


def test_a_plan_filed_after_31_january_is_flagged_late(cast, settings):
    settings.SKILLUP_TODAY = "2021-02-03"
    plan = services.plan_submit(actor=cast.dept, plan=_plan(cast))
    assert plan.late and plan.due_on == dt.date(2021, 1, 31)


def test_the_2019_plan_is_due_a_month_after_the_programme_was_issued(cast):
    plan = _plan(cast, year=2019, lines=[{**LINES[0], "uplift_percent": "0"}])
    assert plan.due_on == dt.date(2019, 11, 30)


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"standard_percent": "120"}, "standard_percent", "不得高于目录标准"),
        ({"uplift_percent": "35"}, "uplift_percent", "不得超过目录规定的30%"),
        ({"scheme": "elite_training", "uplift_percent": "10"}, "uplift_percent", "目录未规定上浮"),
        ({"budget": "12.345"}, "budget", "最多2位小数"),
        ({"person_times": "-3"}, "person_times", "不能为负数"),
        ({"person_times": "很多"}, "person_times", "应为数字"),
        ({"scheme": "moon_training"}, "scheme", "未知补贴项目"),
    ],
)
def test_a_plan_above_the_catalogue_caps_is_refused_and_nothing_is_written(cast, change, field, fragment):
    with pytest.raises(RuleViolation) as exc:
        _plan(cast, lines=[{**LINES[0], **change}])
    error = exc.value.errors[0]
    assert error.field == field and error.row is None  # one form: the scheme's name says where
    assert "第" not in str(error) and field not in str(error)
    assert fragment in exc.value.errors[0].message
    assert not AnnualPlan.objects.exists() and not PlanLine.objects.exists()


def test_every_bad_row_is_named_at_once(cast):
    with pytest.raises(RuleViolation) as exc:
        _plan(cast, lines=[{**LINES[0], "standard_percent": "101"}, {**LINES[1], "uplift_percent": "31"}])
    names = scheme_names()
    assert [(e.label, e.field) for e in exc.value.errors] == [
        (names[LINES[0]["scheme"]], "standard_percent"),
        (names[LINES[1]["scheme"]], "uplift_percent"),
    ]
    assert str(exc.value.errors[0]).startswith(names[LINES[0]["scheme"]] + "：")


def test_a_plan_for_a_year_outside_the_programme_is_refused(cast):
    with pytest.raises(RuleViolation) as exc:
        _plan(cast, year=2023)
    assert exc.value.errors[0].field == "year"


def test_a_filed_plan_cannot_be_changed_until_returned(cast):
    plan = services.plan_submit(actor=cast.dept, plan=_plan(cast))
    with pytest.raises(StateConflict):
        _plan(cast, lines=LINES[:1])
    with pytest.raises(RuleViolation):
        services.plan_return(actor=cast.finance, plan=plan, reason=" ")
    plan = services.plan_return(actor=cast.finance, plan=plan, reason="预算与人次不匹配")
    assert plan.status == "returned"
    plan = _plan(cast, lines=LINES[:1])
    assert plan.lines.get().budget == Decimal("720000.00")
    assert services.plan_submit(actor=cast.dept, plan=plan).status == "submitted"


def test_only_the_own_department_files_and_only_the_bureaus_acknowledge(cast):
    with pytest.raises(NotAllowed):
        services.plan_save(actor=cast.other_dept, department=cast.department, year=2021, lines=LINES)
    with pytest.raises(NotAllowed):
        services.plan_save(actor=cast.hr, department=cast.department, year=2021, lines=LINES)
    plan = services.plan_submit(actor=cast.dept, plan=_plan(cast))
    for user in (cast.dept, cast.institution, cast.auditor):
        with pytest.raises(NotAllowed):
            services.plan_acknowledge(actor=user, plan=plan)
    services.plan_acknowledge(actor=cast.hr, plan=plan)
    with pytest.raises(StateConflict):
        services.plan_acknowledge(actor=cast.hradmin, plan=plan)


def test_the_acknowledged_plans_budget_becomes_the_budget_claim_approval_checks(cast):
    from skillup.fund.budgets import budget_remaining
    from skillup.fund.models import Budget
    from tests.planning.factories import ClaimFactory

    plan = services.plan_submit(actor=cast.dept, plan=_plan(cast))
    services.plan_acknowledge(actor=cast.hr, plan=plan)
    assert budget_remaining(cast.department, 2021) is None  # Finance has not acknowledged yet
    services.plan_acknowledge(actor=cast.finance, plan=plan)
    budget = Budget.objects.get(department=cast.department, year=2021)
    assert (budget.amount, budget.source) == (Decimal("970000.00"), "plan")
    ClaimFactory(department=cast.department, status="dept_approved", amount=Decimal("2400.00"))
    assert budget_remaining(cast.department, 2021) == Decimal("967600.00")

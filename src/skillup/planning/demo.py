"""Demo district, planning part: annual plans for 2019–2021 and monthly reports from November 2019 to
the last ended month, so the dashboard, the overdue lists and the ranking are alive on first start.

Plans are sized from the district's own data (claims, else class rosters) so completion rates look like a
real year; a few plans and reports are late, a few are missing, one report has a corrected version.
Report figures are frozen from the same aggregation the pages use, so they match the claims behind them.
Deterministic under ctx.rng; bulk inserts.
"""

import datetime as dt
from decimal import ROUND_CEILING, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.planning import figures, targets
from skillup.planning.models import AnnualPlan, MonthlyReport, PlanLine, SkillStatistic
from skillup.planning.services import clean_lines
from skillup.registry.models import Organisation, OrgKind
from skillup.subsidies.models import Claim
from skillup.training.models import Enrolment

# Departments that miss deadlines in the demo, so the flags and lists have something to show.
LATE_PLANS = {2019: ["tqw"], 2020: ["hszh", "cl"], 2021: ["gxzs"]}
NO_PLAN = {2021: ["hszh"]}
AWAITING_FINANCE = {2021: ["swj", "wjj"]}
MISSING_REPORTS = {"hszh": 2, "gxzs": 1}  # the last n ended months are not reported
FALLBACK_AMOUNT = Decimal("2000.00")
WORK = [
    "组织开展{n}期培训班，完成考核鉴定并按实名制台账审核申领。",
    "督促培训机构按时上传考勤和考核结果，开展现场抽查{n}次。",
    "结合行业需求开展岗位技能提升培训，走访企业{n}家了解培训需求。",
]
PROBLEMS = ["部分学员工学矛盾突出，出勤率偏低。", "个别机构资料上传不及时。", "", "培训场地紧张。"]
SUGGESTIONS = ["建议增加线上培训课程。", "", "建议简化补贴申领材料。"]


def _activity() -> dict[tuple[int, int, str], dict]:
    """(department, year, scheme) → approved person-times and amounts (claims), else enrolments."""
    out: dict[tuple[int, int, str], dict] = {}
    for r in (
        Claim.objects.values("department_id", "year", "scheme")
        .annotate(
            n=Count("id", filter=Q(status__in=figures.APPROVED, person__isnull=False)),
            approved_amount=Sum("amount", filter=Q(status__in=figures.APPROVED)),
            reserved_amount=Sum("amount", filter=~Q(status__in=["checked", "refused", "rejected"])),
        )
        .order_by()
    ):
        out[(r["department_id"], r["year"], r["scheme"])] = r
    if out:
        return out
    for r in (
        Enrolment.objects.values("klass__department_id", "klass__start_date__year", "klass__scheme")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = (r["klass__department_id"], r["klass__start_date__year"], r["klass__scheme"])
        out[key] = {"n": r["n"], "approved_amount": None, "reserved_amount": None}
    return out


def _plan_lines(rng, dept, year, activity, on) -> list[dict]:
    mine = {s: v for (d, y, s), v in activity.items() if d == dept.pk and y == year}
    if not mine:
        mine = {
            "vocational_certificate": {
                "n": rng.randint(40, 120),
                "approved_amount": None,
                "reserved_amount": None,
            }
        }
    # The year's plan looks ahead: for the running year, scale the months so far to twelve.
    scale = Decimal(12) / Decimal(max(on.month - 1, 1)) if year == on.year else Decimal(1)
    lines = []
    for scheme, v in sorted(mine.items()):
        if not targets.scheme_in_force(scheme, year):
            continue
        done = int(v["n"] or 0)
        planned = max(
            10, int(Decimal(done) * scale * Decimal(rng.choice(["0.9", "1.05", "1.1", "1.2", "1.35"])))
        )
        per = (Decimal(v["approved_amount"]) / done) if v["approved_amount"] and done else FALLBACK_AMOUNT
        budget = (per * planned).quantize(Decimal("1"))
        reserved = Decimal(v["reserved_amount"] or 0)
        budget = max(budget, (reserved * Decimal("1.15")).quantize(Decimal("1")))
        cap = targets.uplift_cap(scheme, year)
        uplift = Decimal(rng.choice([0, 0, 0, 10, 20, 30])) if cap else Decimal(0)
        lines.append(
            {
                "scheme": scheme,
                "person_times": planned,
                "standard_percent": Decimal(rng.choice([100, 100, 100, 90])),
                "uplift_percent": min(uplift, cap),
                "budget": budget,
            }
        )
    return lines


def _seed_plans(ctx, depts, users, on) -> tuple[list[AnnualPlan], int]:
    rng = ctx.rng
    activity = _activity()
    hr, finance = users.get(Role.HR), users.get(Role.FINANCE)
    plans, line_rows, acknowledged = [], [], []
    for year in targets.years():
        due = targets.plan_due(year)
        if due > on:
            continue
        for dept in depts:
            if dept.code in NO_PLAN.get(year, []):
                continue
            late = dept.code in LATE_PLANS.get(year, [])
            filed = (
                due + dt.timedelta(days=rng.randint(3, 20))
                if late
                else due - dt.timedelta(days=rng.randint(0, 20))
            )
            waiting = dept.code in AWAITING_FINANCE.get(year, [])
            lines = clean_lines(year, _plan_lines(rng, dept, year, activity, on))
            plan = AnnualPlan(
                department=dept,
                year=year,
                status=AnnualPlan.Status.SUBMITTED if waiting else AnnualPlan.Status.ACKNOWLEDGED,
                note=f"{dept.short_name}{year}年度职业技能培训计划：围绕{dept.sector}开展培训。",
                due_on=due,
                submitted_on=filed,
                first_submitted_on=filed,
                submitted_by=users.get(dept.pk),
                hr_ack_on=filed + dt.timedelta(days=rng.randint(1, 5)),
                hr_ack_by=hr,
                finance_ack_on=None if waiting else filed + dt.timedelta(days=rng.randint(3, 9)),
                finance_ack_by=None if waiting else finance,
                created_by=users.get(dept.pk),
            )
            plans.append((plan, lines))
    AnnualPlan.objects.bulk_create([p for p, _ in plans])
    for plan, lines in plans:
        line_rows.extend(PlanLine(plan=plan, **line) for line in lines)
        if plan.status == AnnualPlan.Status.ACKNOWLEDGED:
            acknowledged.append((plan, sum((x["budget"] for x in lines), Decimal("0"))))
    PlanLine.objects.bulk_create(line_rows)
    if finance is not None:
        from skillup.fund.services import budget_set

        for plan, total in acknowledged:
            budget_set(actor=finance, department=plan.department, year=plan.year, amount=total, source="plan")
    if hr is not None:
        _interim_budgets(hr, {(p.department_id, p.year) for p, _ in acknowledged})
    return [p for p, _ in plans], len(acknowledged)


def _interim_budgets(hr, counted: set[tuple[int, int]]) -> None:
    """A department without an acknowledged plan keeps no generous placeholder (issue 12 defect 7): HR's
    interim budget is what its claims of the year already hold or still wait for, rounded up to ¥10,000
    (nothing for a year without claims), so the dashboard never shows an invented ¥8,000,000."""
    from skillup.fund.models import Budget
    from skillup.fund.services import budget_set

    held = {
        (d, y): s
        for d, y, s in Claim.objects.exclude(status__in=["refused", "rejected"])
        .values_list("department_id", "year")
        .annotate(s=Sum("amount"))
        .order_by()
    }
    step = Decimal("10000")
    for budget in Budget.objects.select_related("department").order_by("year", "department_id"):
        key = (budget.department_id, budget.year)
        if key in counted:
            continue
        amount = held.get(key) or Decimal("0")
        honest = (amount / step).to_integral_value(rounding=ROUND_CEILING) * step
        if budget.amount != honest:
            budget_set(actor=hr, department=budget.department, year=budget.year, amount=honest, source="hr")


def _seed_reports(ctx, depts, users, on) -> int:
    rng = ctx.rng
    months = targets.reportable_months(on)
    data = figures.monthly([d.pk for d in depts], months)
    rows, corrections = [], []
    for dept in depts:
        missing = MISSING_REPORTS.get(dept.code, 0)
        for i, month in enumerate(months):
            if missing and i >= len(months) - missing:
                continue
            due = targets.report_due(month)
            late = rng.random() < 0.1
            filed = (
                due + dt.timedelta(days=rng.randint(1, 12))
                if late
                else due - dt.timedelta(days=rng.randint(0, 4))
            )
            if filed > on:
                continue
            cell = data.get((dept.pk, month)) or figures.empty()
            report = MonthlyReport(
                department=dept,
                month=month,
                version=1,
                due_on=due,
                status=MonthlyReport.Status.SUBMITTED,
                figures=figures.to_json(cell),
                work_done=rng.choice(WORK).format(n=max(cell["totals"]["classes"], 1)),
                problems=rng.choice(PROBLEMS),
                suggestions=rng.choice(SUGGESTIONS),
                submitted_on=filed,
                first_submitted_on=filed,
                submitted_by=users.get(dept.pk),
                submitted_at=timezone.now(),
                created_by=users.get(dept.pk),
            )
            rows.append(report)
            if dept.code == "jxj" and month == months[-3]:
                corrections.append(report)
    for old in corrections:
        old.status = MonthlyReport.Status.SUPERSEDED
        rows.append(
            MonthlyReport(
                department=old.department,
                month=old.month,
                version=2,
                due_on=old.due_on,
                status=MonthlyReport.Status.SUBMITTED,
                figures=old.figures,
                work_done=old.work_done + "（更正：补充工作动态）",
                problems=old.problems,
                suggestions=old.suggestions,
                correction_reason="补充工作动态表述",
                submitted_on=old.submitted_on + dt.timedelta(days=3),
                first_submitted_on=old.first_submitted_on,
                submitted_by=old.submitted_by,
                submitted_at=timezone.now(),
                created_by=old.created_by,
            )
        )
    MonthlyReport.objects.bulk_create(rows)
    return len(rows)


def seed(ctx) -> None:
    on = today()
    depts = list(Organisation.objects.filter(kind=OrgKind.DEPARTMENT).order_by("code"))
    users: dict = {}
    for u in User.objects.filter(role__in=[Role.DEPT, Role.HR, Role.FINANCE]).order_by("id"):
        key = u.organisation_id if u.role == Role.DEPT else u.role
        users.setdefault(key, u)
    plans, acknowledged = _seed_plans(ctx, depts, users, on)
    reports = _seed_reports(ctx, depts, users, on)
    stats = [
        SkillStatistic(
            year=2019,
            employed=486200,
            skilled=139100,
            high_skilled=43300,
            source="演示数据（区统计局年报口径）",
        ),
        SkillStatistic(
            year=2020,
            employed=491800,
            skilled=146300,
            high_skilled=47500,
            source="演示数据（区统计局年报口径）",
        ),
    ]
    SkillStatistic.objects.bulk_create(stats)
    audit.record(
        actor=None,
        action="demo.seed_planning",
        object_type="demo",
        object_id=str(ctx.seed),
        changes={"plans": len(plans), "acknowledged": acknowledged, "reports": reports},
        summary=f"演示计划 {len(plans)} 份、月报 {reports} 份",
    )
    late_plans = sum(1 for p in plans if p.late)
    ctx.say(
        f"计划与月报：年度计划 {len(plans)} 份（逾期 {late_plans} 份），月报 {reports} 份，技能人才统计 2 年"
    )
    ctx.data["planning"] = {"plans": len(plans), "reports": reports}

"""Every write of planning: plans filed and acknowledged (备案), monthly reports submitted and corrected,
skill statistics entered. Each function is one transaction with its audit row."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.roles import Role
from skillup.core import clock
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import ALLOWED
from skillup.planning import figures, permissions, targets
from skillup.planning.models import AnnualPlan, MonthlyReport, PlanLine, SkillStatistic
from skillup.policy.catalogue import scheme_names

HR_ROLES = (Role.HR, Role.HR_ADMIN)
ALLOWED_WHO = ALLOWED  # the actor was checked before the row was locked; only its state is checked again
LINE_FIELDS = ("person_times", "standard_percent", "uplift_percent", "budget")


def _own_department(actor, department) -> None:
    permissions.enforce(permissions.who_reports_for(actor, department))


def _number(raw, *, field: str, scheme: str | None, label: str, places: int) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise RuleViolation([FieldError(f"{label}应为数字", field, label=scheme)]) from None
    if not value.is_finite() or value < 0:
        raise RuleViolation([FieldError(f"{label}不能为负数", field, label=scheme)])
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise RuleViolation([FieldError(f"{label}最多{places}位小数", field, label=scheme)])
    return value.quantize(Decimal(1).scaleb(-places))


def clean_lines(year: int, lines: list[dict]) -> list[dict]:
    """Check every line against the catalogue's caps; all errors at once, each named by its scheme (the
    form's rows are schemes, so the Chinese scheme name says where, never a row number)."""
    names = scheme_names()
    errors: list[FieldError] = []
    cleaned: list[dict] = []
    seen: set[str] = set()
    for raw in lines:
        scheme = str(raw.get("scheme", "")).strip()
        label = names.get(scheme, scheme)
        if scheme not in names:
            errors.append(FieldError(f"未知补贴项目“{scheme}”", "scheme", label="补贴项目"))
            continue
        if scheme in seen:
            errors.append(FieldError("重复填报", "scheme", label=label))
            continue
        seen.add(scheme)
        if not targets.scheme_in_force(scheme, year):
            errors.append(FieldError(f"{year}年没有有效的补贴标准", "scheme", label=label))
            continue
        try:
            person_times = _number(
                raw.get("person_times", ""), field="person_times", scheme=label, label="计划人次", places=0
            )
            standard = _number(
                raw.get("standard_percent", "100"),
                field="standard_percent",
                scheme=label,
                label="执行标准",
                places=2,
            )
            uplift = _number(
                raw.get("uplift_percent", "0") or "0",
                field="uplift_percent",
                scheme=label,
                label="上浮比例",
                places=2,
            )
            budget = _number(raw.get("budget", ""), field="budget", scheme=label, label="预算", places=2)
        except RuleViolation as exc:
            errors.extend(exc.errors)
            continue
        if standard <= 0 or standard > 100:
            errors.append(
                FieldError(
                    "执行标准应在 0–100% 之间，不得高于目录标准（附件2）", "standard_percent", label=label
                )
            )
        cap = targets.uplift_cap(scheme, year)
        if uplift > cap:
            message = (
                f"上浮比例不得超过目录规定的{cap:.0f}%（附件2 注1）"
                if cap
                else "目录未规定上浮，上浮比例应为0"
            )
            errors.append(FieldError(message, "uplift_percent", label=label))
        if person_times == 0 and budget > 0:
            errors.append(FieldError("计划人次为0时不应安排预算", "person_times", label=label))
        if budget > Decimal("999999999999.99"):
            errors.append(FieldError("预算金额过大", "budget", label=label))
        cleaned.append(
            {
                "scheme": scheme,
                "person_times": int(person_times),
                "standard_percent": standard,
                "uplift_percent": uplift,
                "budget": budget,
            }
        )
    if not cleaned and not errors:
        errors.append(FieldError("请至少填写一个补贴项目的计划", "lines", label="计划项目"))
    if errors:
        raise RuleViolation(errors)
    return cleaned


def _check_year(year: int) -> None:
    years = targets.years()
    if year not in years:
        raise RuleViolation(f"年度应为行动期内的 {years[0]}–{years[-1]} 年", field="year")
    if year > clock.today().year + 1:
        raise RuleViolation("只能编制本年度或下一年度的计划", field="year")


def plan_save(
    *, actor, department, year: int, lines: list[dict], note: str = "", submit: bool = False
) -> AnnualPlan:
    """Create or replace the department's draft plan for a year (before it is filed, or after a return);
    with `submit`, file it in the same transaction (both audit rows, or neither)."""
    _own_department(actor, department)
    _check_year(year)
    cleaned = clean_lines(year, lines)
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update().filter(department=department, year=year).first()
        if plan is None:
            plan = AnnualPlan.objects.create(
                department=department, year=year, note=note, created_by=actor, due_on=targets.plan_due(year)
            )
            before = {}
        else:
            permissions.enforce(ALLOWED_WHO, permissions.plan_open(plan))
            before = {"lines": _lines_snapshot(plan), "note": plan.note}
            plan.lines.all().delete()
            plan.note = note
            plan.save(update_fields=["note", "updated_at"])
        PlanLine.objects.bulk_create([PlanLine(plan=plan, **line) for line in cleaned])
        audit.record(
            actor=actor,
            action="plan.save",
            obj=plan,
            changes=audit.diff(before, {"lines": _lines_snapshot(plan), "note": note}),
            summary=f"{department.label} {year}年度计划：{len(cleaned)}个项目",
        )
        if submit:
            plan = _submit_locked(actor, plan)
    return plan


def _lines_snapshot(plan) -> list[str]:
    """The plan's lines as the audit log shows them: one readable line per scheme."""
    names = scheme_names()
    return [
        f"{names.get(line.scheme, line.scheme)}：{line.person_times} 人次，预算 {line.budget} 元"
        f"（标准 {line.standard_percent}%，上浮 {line.uplift_percent}%）"
        for line in plan.lines.order_by("scheme")
    ]


def plan_submit(*, actor, plan: AnnualPlan) -> AnnualPlan:
    """File the plan with HR and Finance; a plan filed after its deadline is flagged late."""
    _own_department(actor, plan.department)
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        return _submit_locked(actor, plan)


def _submit_locked(actor, plan: AnnualPlan) -> AnnualPlan:
    permissions.enforce(ALLOWED_WHO, permissions.plan_open(plan, "重复报送"))
    if not plan.lines.exists():
        raise RuleViolation([FieldError("请先填写计划项目再报送", "lines", label="计划项目")])
    today = clock.today()
    before = plan.status
    plan.status = AnnualPlan.Status.SUBMITTED
    plan.submitted_on, plan.submitted_by = today, actor
    plan.first_submitted_on = plan.first_submitted_on or today
    plan.hr_ack_on = plan.hr_ack_by = plan.finance_ack_on = plan.finance_ack_by = None
    plan.return_reason = ""
    plan.save()
    audit.record(
        actor=actor,
        action="plan.submit",
        obj=plan,
        changes={"status": [before, plan.status], "late": plan.late},
        summary=f"{plan.department.label} 报送{plan.year}年度计划" + ("（逾期）" if plan.late else ""),
    )
    return plan


def plan_acknowledge(*, actor, plan: AnnualPlan) -> AnnualPlan:
    """HR or Finance acknowledges (备案); with both, the plan's budget becomes the department's budget."""
    permissions.enforce(permissions.who_acknowledges(actor))
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update(of=("self",)).select_related("department").get(pk=plan.pk)
        permissions.enforce(ALLOWED_WHO, permissions.acknowledge_open(actor, plan))
        today = clock.today()
        if actor.role == Role.FINANCE:
            plan.finance_ack_on, plan.finance_ack_by = today, actor
        else:
            plan.hr_ack_on, plan.hr_ack_by = today, actor
        if plan.hr_ack_on and plan.finance_ack_on:
            plan.status = AnnualPlan.Status.ACKNOWLEDGED
        plan.save()
        audit.record(
            actor=actor,
            action="plan.acknowledge",
            obj=plan,
            changes={"status": plan.status, "by": actor.role},
            summary=f"{actor.get_role_display()}备案 {plan.department.label} {plan.year}年度计划",
        )
        if plan.status == AnnualPlan.Status.ACKNOWLEDGED:
            _feed_budget(actor=actor, plan=plan)
    return plan


def _feed_budget(*, actor, plan: AnnualPlan) -> None:
    """The acknowledged plan's budget is what claim approval checks against (clause 20, annex 3 四)."""
    from skillup.fund.services import budget_set

    total = plan.lines.aggregate(total=Sum("budget"))["total"] or Decimal("0.00")
    budget_set(actor=actor, department=plan.department, year=plan.year, amount=total, source="plan")


def plan_return(*, actor, plan: AnnualPlan, reason: str) -> AnnualPlan:
    """HR or Finance sends a filed plan back for changes, with the reason."""
    permissions.enforce(permissions.who_acknowledges(actor))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写退回原因，告诉部门需要修改什么", field="reason")
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update(of=("self",)).select_related("department").get(pk=plan.pk)
        permissions.enforce(ALLOWED_WHO, permissions.return_open(plan))
        plan.status, plan.return_reason = AnnualPlan.Status.RETURNED, reason[:300]
        plan.hr_ack_on = plan.hr_ack_by = plan.finance_ack_on = plan.finance_ack_by = None
        plan.save()
        audit.record(
            actor=actor,
            action="plan.return",
            obj=plan,
            changes={"status": [AnnualPlan.Status.SUBMITTED, plan.status], "reason": reason},
            summary=f"退回 {plan.department.label} {plan.year}年度计划",
        )
    return plan


# -- monthly reports -------------------------------------------------------------------------------------


def parse_month(raw: str, field: str = "month") -> dt.date:
    try:
        year, month = (int(x) for x in str(raw).strip().split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        raise RuleViolation("月份格式应为 YYYY-MM，例如 2021-05", field=field) from None


def check_reportable(month: dt.date) -> None:
    today = clock.today()
    if month >= today.replace(day=1):
        raise RuleViolation(
            f"{month:%Y年%m月}尚未结束，不能报送（业务日期 {today:%Y-%m-%d}）；月报在次月报送", field="month"
        )
    first = targets.first_report_month()
    if month < first:
        raise RuleViolation(f"月报从{first:%Y年%m月}开始（方案印发后首月）", field="month")


NARRATIVE = ("work_done", "problems", "suggestions")


def _narrative(values: dict) -> dict:
    return {k: (values.get(k) or "").strip()[:5000] for k in NARRATIVE}


def report_save_draft(*, actor, department, month: dt.date, **narrative) -> MonthlyReport:
    """Keep the narrative as a draft; the figures stay live until the report is submitted."""
    _own_department(actor, department)
    check_reportable(month)
    text = _narrative(narrative)
    with transaction.atomic():
        report = _live(department, month)
        if report is not None and report.frozen:
            raise RuleViolation(_frozen_message(report), field="month")
        if report is None:
            report = MonthlyReport.objects.create(
                department=department, month=month, created_by=actor, due_on=targets.report_due(month), **text
            )
        else:
            for k, v in text.items():
                setattr(report, k, v)
            report.save(update_fields=list(NARRATIVE))
        audit.record(
            actor=actor,
            action="report.save_draft",
            obj=report,
            changes=text,
            summary=f"{department.label} {month:%Y-%m} 月报草稿",
        )
    return report


def report_submit(*, actor, department, month: dt.date, **narrative) -> MonthlyReport:
    """Freeze the month's figures with the narrative. A second report for a submitted month is refused."""
    _own_department(actor, department)
    check_reportable(month)
    text = _narrative(narrative)
    with transaction.atomic():
        report = _live(department, month)
        if report is not None and report.frozen:
            raise RuleViolation(_frozen_message(report), field="month")
        if report is None:
            report = MonthlyReport(
                department=department, month=month, created_by=actor, due_on=targets.report_due(month)
            )
        for k, v in text.items():
            setattr(report, k, v)
        _freeze(report, actor)
        audit.record(
            actor=actor,
            action="report.submit",
            obj=report,
            changes={"totals": report.figures.get("totals"), "late": report.late},
            summary=f"{department.label} 报送{month:%Y年%m月}月报" + ("（逾期）" if report.late else ""),
        )
    return report


def report_correct(*, actor, report: MonthlyReport, reason: str, **narrative) -> MonthlyReport:
    """A correction: a new version with today's figures; the old version stays, marked superseded."""
    _own_department(actor, report.department)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写更正原因", field="correction_reason")
    text = _narrative(narrative)
    with transaction.atomic():
        old = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        permissions.enforce(ALLOWED_WHO, permissions.correction_open(old))
        old.status = MonthlyReport.Status.SUPERSEDED
        old.save(update_fields=["status"])
        new = MonthlyReport(
            department=old.department,
            month=old.month,
            version=old.version + 1,
            due_on=old.due_on,
            first_submitted_on=old.first_submitted_on,
            correction_reason=reason[:300],
            created_by=actor,
            **text,
        )
        _freeze(new, actor)
        audit.record(
            actor=actor,
            action="report.correct",
            obj=new,
            changes={
                "version": [old.version, new.version],
                "reason": reason,
                "totals": new.figures.get("totals"),
            },
            summary=f"{old.department.label} 更正{old.month:%Y年%m月}月报（第{new.version}版）",
        )
    return new


def _freeze(report: MonthlyReport, actor) -> None:
    today = clock.today()
    report.figures = figures.to_json(figures.for_month(report.department_id, report.month))
    report.status = MonthlyReport.Status.SUBMITTED
    report.submitted_on, report.submitted_by, report.submitted_at = today, actor, timezone.now()
    report.first_submitted_on = report.first_submitted_on or today
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise StateConflict("该月报刚刚已被报送，请刷新后查看") from None


def _live(department, month):
    return (
        MonthlyReport.objects.select_for_update()
        .filter(
            department=department,
            month=month,
            status__in=[MonthlyReport.Status.DRAFT, MonthlyReport.Status.SUBMITTED],
        )
        .first()
    )


def _frozen_message(report: MonthlyReport) -> str:
    return (
        f"{report.month:%Y年%m月}月报已于{report.submitted_on:%Y-%m-%d}报送并冻结，不能再报一份；"
        "如数据有误，请在该月报页面点击“更正”生成新版本"
    )


# -- skill statistics ------------------------------------------------------------------------------------


def skill_stats_set(*, actor, year: int, employed, skilled, high_skilled, source: str = "") -> SkillStatistic:
    """HR enters the employed and skilled-worker counts of a year (figures from outside the programme)."""
    permissions.enforce(permissions.can_edit_skill_stats(actor))
    errors: list[FieldError] = []
    values = {}
    for field, label, raw in (
        ("employed", "从业人员数", employed),
        ("skilled", "技能劳动者数", skilled),
        ("high_skilled", "高技能人才数", high_skilled),
    ):
        try:
            values[field] = int(_number(raw, field=field, scheme=None, label=label, places=0))
        except RuleViolation as exc:
            errors.extend(FieldError(e.message, e.field) for e in exc.errors)
    if not errors:
        if values["employed"] == 0:
            errors.append(FieldError("从业人员数应大于0", "employed"))
        if values["skilled"] > values["employed"]:
            errors.append(FieldError("技能劳动者数不能多于从业人员数", "skilled"))
        if values["high_skilled"] > values["skilled"]:
            errors.append(FieldError("高技能人才数不能多于技能劳动者数", "high_skilled"))
    if year not in targets.years():
        errors.append(FieldError(f"年度应为行动期内的 {targets.years()[0]}–{targets.years()[-1]} 年", "year"))
    if errors:
        raise RuleViolation(errors)
    with transaction.atomic():
        stat = SkillStatistic.objects.select_for_update().filter(year=year).first()
        before = audit.snapshot(stat, ["employed", "skilled", "high_skilled", "source"]) if stat else {}
        if stat is None:
            stat = SkillStatistic(year=year)
        for k, v in values.items():
            setattr(stat, k, v)
        stat.source, stat.entered_by = (source or "").strip()[:200], actor
        stat.save()
        audit.record(
            actor=actor,
            action="skill_stats.set",
            obj=stat,
            changes=audit.diff(
                before, audit.snapshot(stat, ["employed", "skilled", "high_skilled", "source"])
            ),
            summary=f"{year}年技能人才统计",
        )
    return stat

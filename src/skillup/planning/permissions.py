"""Who may do what with annual plans, monthly reports and skill statistics: one rule per action.

Each `can_<action>` is two parts: who may act (`_who_*`, a refusal is 403 NotAllowed) and whether the
object's state allows it now (`_state_*`, a refusal is 409 StateConflict). Pages and the API show the
whole verdict; services call `enforce(who, state)` on the locked row, so the page, the API and the
service never disagree."""

from skillup.accounts.roles import Role
from skillup.core.errors import StateConflict
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse, require
from skillup.planning.models import AnnualPlan, MonthlyReport
from skillup.registry.models import OrgKind

HR_ROLES = (Role.HR, Role.HR_ADMIN)
ACKNOWLEDGERS = (*HR_ROLES, Role.FINANCE)


def enforce(who: Verdict, state: Verdict = ALLOWED) -> None:
    """The service's check: NotAllowed when the actor may never do this, StateConflict when not now."""
    require(who)
    if not state:
        raise StateConflict(state.reason)


def who_reports_for(actor, department) -> Verdict:
    """Plans and monthly reports are drawn up by the department's own officers."""
    if actor.role != Role.DEPT or actor.organisation_id != department.pk:
        return refuse("只有本部门经办人员可以编制和报送本部门的计划与月报")
    if department.kind != OrgKind.DEPARTMENT:
        return refuse("只有主管部门报送年度计划和月报")
    return ALLOWED


def plan_open(plan: AnnualPlan | None, doing: str = "修改") -> Verdict:
    if plan is not None and not plan.editable:
        return refuse(f"计划当前为“{plan.get_status_display()}”，不能{doing}")
    return ALLOWED


@permission
def can_file_plan(actor, plan: AnnualPlan | None = None) -> Verdict:
    """Draw up (编制) a plan: a department officer, while the year's plan (`plan`, if any) is not filed."""
    if actor.role != Role.DEPT:
        return refuse("只有主管部门编制年度计划")
    return plan_open(plan, "再编制")


@permission
def can_edit_plan(actor, plan: AnnualPlan) -> Verdict:
    return who_reports_for(actor, plan.department) and plan_open(plan)


@permission
def can_submit_plan(actor, plan: AnnualPlan) -> Verdict:
    return who_reports_for(actor, plan.department) and plan_open(plan, "重复报送")


def who_acknowledges(actor) -> Verdict:
    if actor.role not in ACKNOWLEDGERS:
        return refuse("只有人社局和财政局可以备案或退回年度计划")
    return ALLOWED


def acknowledge_open(actor, plan: AnnualPlan) -> Verdict:
    if plan.status != AnnualPlan.Status.SUBMITTED:
        return refuse(f"计划当前为“{plan.get_status_display()}”，不能备案")
    if actor.role == Role.FINANCE and plan.finance_ack_on:
        return refuse("财政局已备案此计划")
    if actor.role != Role.FINANCE and plan.hr_ack_on:
        return refuse("人社局已备案此计划")
    return ALLOWED


def return_open(plan: AnnualPlan) -> Verdict:
    if plan.status != AnnualPlan.Status.SUBMITTED:
        return refuse(f"计划当前为“{plan.get_status_display()}”，不能退回")
    return ALLOWED


@permission
def can_acknowledge_plan(actor, plan: AnnualPlan) -> Verdict:
    return who_acknowledges(actor) and acknowledge_open(actor, plan)


@permission
def can_return_plan(actor, plan: AnnualPlan) -> Verdict:
    return who_acknowledges(actor) and return_open(plan)


@permission
def can_report(actor, department) -> Verdict:
    """Save or submit the department's monthly report."""
    return who_reports_for(actor, department)


def correction_open(report: MonthlyReport) -> Verdict:
    if report.status != MonthlyReport.Status.SUBMITTED:
        return refuse("只有已报送的当前版本可以更正")
    return ALLOWED


@permission
def can_correct_report(actor, report: MonthlyReport) -> Verdict:
    return who_reports_for(actor, report.department) and correction_open(report)


@permission
def can_edit_skill_stats(actor) -> Verdict:
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以录入技能人才统计")
    return ALLOWED


@permission
def can_read_monthly_figures(actor) -> Verdict:
    """The monthly report figures through the API: departments (their own), HR and Finance."""
    if actor.role in (Role.DEPT, *ACKNOWLEDGERS):
        return ALLOWED
    return refuse("只有主管部门、人社局和财政局可以查询月报")


# -- coordination (第19条, 附件3 一): meetings, their tasks, annual reports --------------------------------

# Units that can own a meeting's task: the bureaus and the competent departments (附件1).
TASK_OWNER_KINDS = (OrgKind.HR, OrgKind.FINANCE, OrgKind.DEPARTMENT)


@permission
def can_record_meeting(actor, meeting=None) -> Verdict:
    """The leading group's office (in the HR bureau) records meetings, minutes and decisions."""
    if actor.role not in HR_ROLES:
        return refuse("只有领导小组办公室（区人力社保局）可以登记会议和议定事项")
    return ALLOWED


def task_open(task, doing: str) -> Verdict:
    if not task.is_open:
        return refuse(f"该事项当前为“{task.get_status_display()}”，不能{doing}")
    return ALLOWED


def who_completes(actor, task) -> Verdict:
    if actor.organisation_id is None or actor.organisation_id != task.owner_id:
        return refuse("只有责任单位可以报告办结")
    if actor.role not in (Role.DEPT, Role.FINANCE, *HR_ROLES):
        return refuse("只有责任单位的经办人员可以报告办结")
    return ALLOWED


@permission
def can_complete_task(actor, task) -> Verdict:
    return who_completes(actor, task) and task_open(task, "再报办结")


@permission
def can_extend_task(actor, task) -> Verdict:
    return can_record_meeting(actor) and task_open(task, "延期")


@permission
def can_cancel_task(actor, task) -> Verdict:
    return can_record_meeting(actor) and task_open(task, "撤销")


def annual_open(report) -> Verdict:
    if report is not None and not report.editable:
        return refuse(f"年报当前为“{report.get_status_display()}”，不能再修改或重复报送")
    return ALLOWED


@permission
def can_file_annual_report(actor, department, report=None) -> Verdict:
    """Draw up and submit the department's annual report (while it is a draft or returned)."""
    return who_reports_for(actor, department) and annual_open(report)


def review_open(report) -> Verdict:
    if report.status != report.Status.SUBMITTED:
        return refuse(f"年报当前为“{report.get_status_display()}”，不能审阅或退回")
    return ALLOWED


def who_reviews(actor) -> Verdict:
    if actor.role not in HR_ROLES:
        return refuse("只有区人力社保局审阅年报")
    return ALLOWED


@permission
def can_review_annual_report(actor, report) -> Verdict:
    return who_reviews(actor) and review_open(report)

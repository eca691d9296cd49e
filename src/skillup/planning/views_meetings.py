"""Pages of coordination (第19条, 附件3 一): meetings and their tasks, annual reports. Thin views."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core import clock
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import xlsx_response
from skillup.planning import exports_meetings, figures, permissions, selectors, selectors_meetings, targets
from skillup.planning import services_meetings as services
from skillup.planning.models import Meeting, MeetingTask

READERS = tuple(selectors.READERS)
HR_ROLES = (Role.HR, Role.HR_ADMIN)
DECISION_ROWS = 5


def _decisions(post) -> list[dict]:
    return [
        {k: post.get(f"{k}_{n}", "") for k in ("decision", "owner", "due_on")}
        for n in range(1, DECISION_ROWS + 1)
    ]


@roles_required(*READERS)
def meeting_list(request):
    qs = selectors_meetings.meetings_filtered(request.user, request.GET)
    return render(
        request,
        "planning/meeting_list.html",
        {
            "page_obj": paginate(request, qs),
            "kinds": Meeting.Kind.choices,
            "record": permissions.can_record_meeting(request.user),
            "overdue": len(selectors_meetings.overdue_tasks(request.user, clock.today())),
        },
    )


@roles_required(*HR_ROLES)
def meeting_new(request):
    data = {
        "kind": request.POST.get("kind", request.GET.get("kind", Meeting.Kind.LEADING)),
        "held_on": request.POST.get("held_on", f"{clock.today():%Y-%m-%d}"),
        "title": request.POST.get("title", ""),
        "convener": request.POST.get("convener", ""),
        "agenda": request.POST.get("agenda", ""),
        "minutes": request.POST.get("minutes", ""),
        "attendees": request.POST.get("attendees", ""),
        "departments": request.POST.getlist("departments"),
    }
    decisions = _decisions(request.POST)
    if request.method == "POST":
        try:
            meeting = services.meeting_record(actor=request.user, data=data, decisions=decisions)
        except (RuleViolation, StateConflict) as exc:
            show_error(request, exc)
        else:
            messages.success(request, f"会议已登记，议定事项 {meeting.tasks.count()} 项已交责任单位办理。")
            return redirect("planning:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "planning/meeting_form.html",
        {
            "data": data,
            "decisions": [{"n": n, **d} for n, d in enumerate(decisions, start=1)],
            "kinds": Meeting.Kind.choices,
            "owners": selectors_meetings.task_owners(),
        },
    )


@roles_required(*READERS)
def meeting_detail(request, pk):
    meeting = get_object_or_404(selectors_meetings.meetings_visible_to(request.user), pk=pk)
    user = request.user
    if request.method == "POST":
        try:
            if request.POST.get("action") == "minutes":
                services.meeting_minutes_save(
                    actor=user,
                    meeting=meeting,
                    minutes=request.POST.get("minutes", ""),
                    attendees=request.POST.get("attendees"),
                )
                messages.success(request, "会议纪要已保存。")
            elif request.POST.get("action") == "task":
                services.meeting_task_add(
                    actor=user,
                    meeting=meeting,
                    decision=request.POST.get("decision", ""),
                    owner=request.POST.get("owner", ""),
                    due_on=request.POST.get("due_on", ""),
                )
                messages.success(request, "议定事项已交责任单位办理。")
            else:
                raise Http404
        except (RuleViolation, StateConflict) as exc:
            show_error(request, exc)
        else:
            return redirect("planning:meeting_detail", pk=meeting.pk)
    tasks = [
        {
            "task": t,
            "complete": permissions.can_complete_task(user, t),
            "extend": permissions.can_extend_task(user, t),
            "cancel": permissions.can_cancel_task(user, t),
        }
        for t in selectors_meetings.meeting_tasks(user, meeting)
    ]
    return render(
        request,
        "planning/meeting_detail.html",
        {
            "meeting": meeting,
            "departments": meeting.departments.order_by("kind", "code"),
            "tasks": tasks,
            "today": clock.today(),
            "record": permissions.can_record_meeting(user, meeting),
            "owners": selectors_meetings.task_owners(),
        },
    )


@roles_required(*READERS)
def task_list(request):
    qs = selectors_meetings.tasks_visible_to(request.user).order_by("status", "due_on", "id")
    status = request.GET.get("status", "")
    if status in MeetingTask.Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("mine") and request.user.organisation_id:
        qs = qs.filter(owner_id=request.user.organisation_id)
    today = clock.today()
    if request.GET.get("format") == "xlsx":
        return xlsx_response("会议议定事项.xlsx", exports_meetings.tasks(qs, today))
    return render(
        request,
        "planning/meeting_tasks.html",
        {"page_obj": paginate(request, qs), "statuses": MeetingTask.Status.choices, "today": today},
    )


@require_POST
@roles_required(*READERS)
def task_action(request, pk, action):
    task = get_object_or_404(selectors_meetings.tasks_visible_to(request.user), pk=pk)
    try:
        if action == "complete":
            services.meeting_task_complete(actor=request.user, task=task, note=request.POST.get("note", ""))
            messages.success(request, "已报告办结。")
        elif action == "extend":
            services.meeting_task_extend(
                actor=request.user,
                task=task,
                due_on=request.POST.get("due_on", ""),
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, "办结期限已延后。")
        elif action == "cancel":
            services.meeting_task_cancel(actor=request.user, task=task, reason=request.POST.get("reason", ""))
            messages.success(request, "事项已撤销。")
        else:
            raise Http404
    except (RuleViolation, StateConflict) as exc:
        show_error(request, exc)
    return redirect("planning:meeting_detail", pk=task.meeting_id)


# -- annual reports ---------------------------------------------------------------------------------------


def _year(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@roles_required(Role.DEPT)
def annual_new(request):
    department = request.user.organisation
    today = clock.today()
    years = targets.annual_report_years(today)
    year = _year(request.GET.get("year") or request.POST.get("year")) or (years[-1] if years else None)
    if year is None or year not in years:
        messages.error(
            request,
            f"{year}年的年报现在不能报送：年报在次年报送上一年度的情况，可报送"
            + "、".join(f"{y}年" for y in years)
            if years and year
            else "现在没有可报送的年报：年报在次年报送上一年度的情况。",
        )
        return redirect("planning:report_list")
    report = selectors_meetings.own_annual_report(request.user, year)
    verdict = permissions.can_file_annual_report(request.user, department, report)
    if not verdict and report is not None:
        messages.info(request, verdict.reason + "。")
        return redirect("planning:annual_detail", pk=report.pk)
    text = {k: request.POST.get(k, getattr(report, k, "") if report else "") for k in services.NARRATIVE}
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        try:
            report = services.annual_report_save(
                actor=request.user, department=department, year=year, submit=submit, **text
            )
        except (RuleViolation, StateConflict) as exc:
            show_error(request, exc)
        else:
            messages.success(
                request,
                f"{year}年年报已报送，数据已冻结，等待人社局审阅。" + ("（逾期报送）" if report.late else "")
                if submit
                else "草稿已保存；数据在报送时生成并冻结。",
            )
            return redirect("planning:annual_detail", pk=report.pk)
    return render(
        request,
        "planning/annual_form.html",
        {
            "year": year,
            "report": report,
            "text": text,
            "due": targets.annual_report_due(year),
            "figures": figures.for_year(department.pk, year),
        },
    )


@roles_required(*READERS)
def annual_detail(request, pk):
    report = get_object_or_404(selectors_meetings.annual_reports_visible_to(request.user), pk=pk)
    data = (
        figures.from_json(report.figures)
        if report.frozen
        else figures.for_year(report.department_id, report.year)
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{report.department.label}{report.year}年年报.xlsx", exports_meetings.annual_report(report, data)
        )
    user = request.user
    return render(
        request,
        "planning/annual_detail.html",
        {
            "report": report,
            "figures": data,
            "review": permissions.can_review_annual_report(user, report),
            "edit": permissions.can_file_annual_report(user, report.department, report),
        },
    )


@require_POST
@roles_required(*HR_ROLES)
def annual_action(request, pk, action):
    report = get_object_or_404(selectors_meetings.annual_reports_visible_to(request.user), pk=pk)
    try:
        if action == "review":
            services.annual_report_review(
                actor=request.user, report=report, note=request.POST.get("note", "")
            )
            messages.success(request, "年报已审阅。")
        elif action == "return":
            services.annual_report_return(
                actor=request.user, report=report, reason=request.POST.get("reason", "")
            )
            messages.success(request, "年报已退回部门修改。")
        else:
            raise Http404
    except (RuleViolation, StateConflict) as exc:
        show_error(request, exc)
    return redirect("planning:annual_detail", pk=report.pk)

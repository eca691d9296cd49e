"""Pages for annual plans and monthly reports: thin views over selectors and services."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core import clock
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import xlsx_response
from skillup.exports.views import export_response, page_params
from skillup.planning import exports, figures, permissions, selectors, selectors_meetings, services, targets
from skillup.planning.forms import CorrectionForm, NarrativeForm, ReturnForm
from skillup.planning.models import AnnualPlan, MonthlyReport
from skillup.policy.catalogue import scheme_names

READERS = tuple(selectors.READERS)
ACKNOWLEDGERS = (Role.HR, Role.HR_ADMIN, Role.FINANCE)


def _int(raw, default=None):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default


# -- plans -----------------------------------------------------------------------------------------------


@roles_required(*READERS)
def plan_list(request):
    today = clock.today()
    qs = selectors.plans_filtered(request.user, request.GET)
    if request.GET.get("format") == "xlsx":
        return export_response(request, "planning.plans")
    return render(
        request,
        "planning/plan_list.html",
        {
            "page_obj": paginate(request, qs),
            "years": targets.years(),
            "statuses": AnnualPlan.Status.choices,
            "departments": selectors.departments_visible_to(request.user),
            "overdue": selectors.overdue_plans(request.user, today),
            "awaiting": selectors.plans_awaiting(request.user).count(),
            "file_verdict": permissions.can_file_plan(
                request.user, selectors.own_plan(request.user, today.year)
            ),
            "this_year": today.year,
        },
    )


def _plan_rows(request, year, plan=None):
    """The form's table: every scheme with a standard in force in the year. A new plan starts from last
    year's plan (人次, 标准, 上浮, 预算); beside each row the form shows last year's plan and subsidised
    person-times and this year's claims so far, so the department plans from the figures."""
    department = request.user.organisation
    existing = {line.scheme: line for line in plan.lines.all()} if plan else {}
    previous = selectors.own_plan(request.user, year - 1)
    last_lines = {line.scheme: line for line in previous.lines.all()} if previous else {}
    start_from = existing or ({} if plan else last_lines)
    last_year = figures.year_by_scheme(department.pk, year - 1)
    this_year = figures.year_by_scheme(department.pk, year, until=clock.today())
    rows = []
    for code, name in scheme_names().items():
        if not targets.scheme_in_force(code, year):
            continue
        line = start_from.get(code)
        rows.append(
            {
                "scheme": code,
                "name": name,
                "uplift_cap": targets.uplift_cap(code, year),
                "person_times": request.POST.get(f"pt_{code}", line.person_times if line else ""),
                "standard_percent": request.POST.get(f"std_{code}", line.standard_percent if line else "100"),
                "uplift_percent": request.POST.get(f"up_{code}", line.uplift_percent if line else "0"),
                "budget": request.POST.get(f"budget_{code}", line.budget if line else ""),
                "last_plan": last_lines.get(code),
                "last_year": last_year.get(code),
                "this_year": this_year.get(code),
            }
        )
    return rows, (previous if start_from is last_lines and last_lines else None)


@roles_required(Role.DEPT)
def plan_edit(request, pk=None):
    department = request.user.organisation
    plan = None
    if pk is not None:
        plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
        year = plan.year
    else:
        year = _int(request.GET.get("year") or request.POST.get("year"), clock.today().year)
        plan = selectors.plans_visible_to(request.user).filter(year=year).first()
        if plan is not None:
            return redirect("planning:plan_edit", pk=plan.pk)
    verdict = permissions.can_file_plan(request.user, plan)
    if not verdict:
        messages.warning(request, verdict.reason + "。")
        return redirect("planning:plan_detail", pk=plan.pk)
    rows, prefilled_from = _plan_rows(request, year, plan)
    if request.method == "POST":
        lines = [
            {k: r[k] for k in ("scheme", "person_times", "standard_percent", "uplift_percent", "budget")}
            for r in rows
            if str(r["person_times"]).strip() or str(r["budget"]).strip()
        ]
        submit = request.POST.get("action") == "submit"
        try:
            plan = services.plan_save(
                actor=request.user,
                department=department,
                year=year,
                lines=lines,
                note=request.POST.get("note", ""),
                submit=submit,
            )
        except (RuleViolation, StateConflict) as exc:
            show_error(request, exc)
        else:
            if submit:
                messages.success(
                    request,
                    f"{year}年度计划已报送人社局、财政局备案。" + ("（已超过报送期限）" if plan.late else ""),
                )
            else:
                messages.success(request, "计划已保存为草稿；确认无误后请点击“报送备案”。")
            return redirect("planning:plan_detail", pk=plan.pk)
    return render(
        request,
        "planning/plan_form.html",
        {
            "plan": plan,
            "year": year,
            "rows": rows,
            "prefilled_from": prefilled_from,
            "note": request.POST.get("note", plan.note if plan else ""),
            "due": targets.plan_due(year),
            "years": targets.years(),
        },
    )


@roles_required(*READERS)
def plan_detail(request, pk):
    plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
    names = scheme_names()
    lines = [{"line": line, "name": names.get(line.scheme, line.scheme)} for line in plan.lines.all()]
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{plan.department.label}{plan.year}年度培训计划.xlsx", exports.plan(plan, lines)
        )
    user = request.user
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "lines": lines,
            "edit": permissions.can_edit_plan(user, plan),
            "acknowledge": permissions.can_acknowledge_plan(user, plan),
            "give_back": permissions.can_return_plan(user, plan),
            "return_form": ReturnForm(),
        },
    )


@require_POST
@roles_required(Role.DEPT, *ACKNOWLEDGERS)
def plan_action(request, pk, action):
    plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
    try:
        if action == "submit":
            plan = services.plan_submit(actor=request.user, plan=plan)
            messages.success(
                request, "计划已报送备案。" + ("（已超过报送期限，将标记为逾期）" if plan.late else "")
            )
        elif action == "acknowledge":
            plan = services.plan_acknowledge(actor=request.user, plan=plan)
            done = plan.status == AnnualPlan.Status.ACKNOWLEDGED
            messages.success(
                request,
                "已备案。" + ("人社局、财政局均已备案，计划预算已生效。" if done else "等待另一方备案。"),
            )
        elif action == "return":
            services.plan_return(actor=request.user, plan=plan, reason=request.POST.get("reason", ""))
            messages.success(request, "已退回部门修改。")
        else:
            raise Http404
    except (RuleViolation, StateConflict) as exc:
        show_error(request, exc)
    return redirect("planning:plan_detail", pk=plan.pk)


# -- monthly reports -------------------------------------------------------------------------------------


@roles_required(*READERS)
def report_list(request):
    params = page_params(request)
    try:
        qs = selectors.reports_filtered(request.user, params)
    except RuleViolation as exc:
        show_error(request, exc)  # a month that is not YYYY-MM: said once, and the filter is dropped
        params.pop("month", None)
        qs = selectors.reports_filtered(request.user, params)
    if request.GET.get("format") == "xlsx":
        return export_response(request, "planning.reports", params)
    today = clock.today()
    pending = None
    if request.user.role == Role.DEPT:
        last = targets.previous_month(today.replace(day=1))
        current = selectors.current_report(request.user.organisation, last)
        if current is None or not current.frozen:
            pending = {"month": last, "due": targets.report_due(last), "draft": current}
    return render(
        request,
        "planning/report_list.html",
        {
            "page_obj": paginate(request, qs),
            "statuses": MonthlyReport.Status.choices,
            "departments": selectors.departments_visible_to(request.user),
            "pending": pending,
            "overdue_count": len(selectors.overdue_reports(request.user, today)),
            "annual_reports": selectors_meetings.annual_reports_listed(request.user),
            "annual_file": _annual_file(request.user, today),
            "months": list(reversed(targets.reportable_months(today))),
        },
    )


def _annual_file(user, today):
    """The year a department may report on now (年报, 第19条), with the verdict; None for other roles."""
    years = targets.annual_report_years(today)
    if user.role != Role.DEPT or not years:
        return None
    report = selectors_meetings.own_annual_report(user, years[-1])
    verdict = permissions.can_file_annual_report(user, user.organisation, report)
    return (
        {"year": years[-1], "due": targets.annual_report_due(years[-1]), "verdict": verdict}
        if verdict
        else None
    )


@roles_required(*READERS)
def overdue_list(request):
    today = clock.today()
    rows = selectors.overdue_reports(request.user, today)
    plans = selectors.overdue_plans(request.user, today)
    annual = selectors_meetings.overdue_annual_reports(request.user, today)
    tasks = selectors_meetings.overdue_tasks(request.user, today)
    if request.GET.get("format") == "xlsx":
        return xlsx_response("逾期未报清单.xlsx", exports.overdue(rows, plans, today, annual, tasks))
    return render(
        request,
        "planning/overdue.html",
        {
            "rows": rows[:500],
            "total": len(rows),
            "plans": plans,
            "annual": annual,
            "tasks": tasks,
            "today": today,
        },
    )


@roles_required(Role.DEPT)
def report_new(request):
    department = request.user.organisation
    today = clock.today()
    raw = (
        request.GET.get("month")
        or request.POST.get("month")
        or f"{targets.previous_month(today.replace(day=1)):%Y-%m}"
    )
    try:
        month = services.parse_month(raw)
        services.check_reportable(month)
    except RuleViolation as exc:
        messages.error(request, exc.errors[0].message)
        return redirect("planning:report_list")
    current = selectors.current_report(department, month)
    if current is not None and current.frozen:
        messages.info(request, f"{month:%Y年%m月}月报已报送；如需更正，请在此页点击“更正”。")
        return redirect("planning:report_detail", pk=current.pk)
    initial = {k: getattr(current, k) for k in services.NARRATIVE} if current else None
    form = NarrativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "submit":
                report = services.report_submit(
                    actor=request.user, department=department, month=month, **form.cleaned_data
                )
                messages.success(
                    request,
                    f"{month:%Y年%m月}月报已报送，数据已冻结。" + ("（逾期报送）" if report.late else ""),
                )
                return redirect("planning:report_detail", pk=report.pk)
            services.report_save_draft(
                actor=request.user, department=department, month=month, **form.cleaned_data
            )
            messages.success(request, "草稿已保存；数据在报送时按当日生成并冻结。")
            return redirect(f"{request.path}?month={month:%Y-%m}")
        except (RuleViolation, StateConflict) as exc:
            show_error(request, exc, form)
    return render(
        request,
        "planning/report_form.html",
        {
            "form": form,
            "month": month,
            "due": targets.report_due(month),
            "figures": figures.for_month(department.pk, month),
            "draft": current,
        },
    )


@roles_required(*READERS)
def report_detail(request, pk):
    report = get_object_or_404(selectors.reports_visible_to(request.user), pk=pk)
    data = (
        figures.from_json(report.figures)
        if report.frozen
        else figures.for_month(report.department_id, report.month)
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{report.department.label}{report.month:%Y年%m月}月报.xlsx", exports.report(report, data)
        )
    versions = selectors.reports_visible_to(request.user).filter(
        department=report.department_id, month=report.month
    )
    return render(
        request,
        "planning/report_detail.html",
        {
            "report": report,
            "figures": data,
            "versions": versions.order_by("-version"),
            "correct": permissions.can_correct_report(request.user, report),
        },
    )


@roles_required(Role.DEPT)
def report_correct(request, pk):
    report = get_object_or_404(selectors.reports_visible_to(request.user), pk=pk)
    initial = {k: getattr(report, k) for k in services.NARRATIVE}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            new = services.report_correct(
                actor=request.user, report=report, reason=data.pop("reason"), **data
            )
        except (RuleViolation, StateConflict) as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, f"已生成第{new.version}版月报，原版本保留备查。")
            return redirect("planning:report_detail", pk=new.pk)
    return render(
        request,
        "planning/report_correct.html",
        {
            "report": report,
            "form": form,
            "figures": figures.for_month(report.department_id, report.month),
        },
    )

"""The district dashboard, performance ranking with its printable notice (通报), and skill statistics."""

from django.contrib import messages
from django.shortcuts import redirect, render

from skillup.accounts.roles import Role
from skillup.core import clock
from skillup.core.errors import RuleViolation
from skillup.core.permissions import require
from skillup.core.web import roles_required, show_error
from skillup.core.xlsx import xlsx_response
from skillup.planning import dashboard, evaluation, exports, permissions, selectors, services, targets
from skillup.planning.forms import SkillStatsForm
from skillup.planning.models import SkillStatistic
from skillup.programmes import selectors as programme_selectors

DISTRICT = (Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR)


def _year(request, today) -> int:
    years = targets.years()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    return year if year in years else min(max(today.year, years[0]), years[-1])


@roles_required(*DISTRICT)
def dashboard_view(request):
    today = clock.today()
    year = _year(request, today)
    data = dashboard.build(year=year, today=today)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"全区进度{year}.xlsx", exports.dashboard(data))
    charts = {
        "gauge": {"value": data["total"]["person_times"], "target": data["target"]},
        "trend": data["trend"],
        "departments": {
            "names": [d["name"] for d in data["departments"]],
            "person_times": [d["person_times"] for d in data["departments"]],
            "budget": [str(d["budget"] or 0) for d in data["departments"]],
            "reserved": [str(d["year_reserved"]) for d in data["departments"]],
            "approved": [str(d["year_approved"]) for d in data["departments"]],
        },
        "schemes": [{"name": s["name"], "value": s["person_times"]} for s in data["schemes"]],
        "groups": [{"name": g["name"], "value": g["person_times"]} for g in data["groups"]],
        "years": data["by_year"],
    }
    return render(
        request,
        "planning/dashboard.html",
        {
            "d": data,
            "charts": charts,
            "years": targets.years(),
            "overdue_reports": selectors.overdue_reports(request.user, today),
            "overdue_plans": selectors.overdue_plans(request.user, today),
            "programmes": programme_selectors.dashboard_figures(request.user),
        },
    )


@roles_required(*DISTRICT)
def ranking(request):
    today = clock.today()
    year = _year(request, today)
    rows = evaluation.evaluate(year, today)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"{year}年度绩效评价排名.xlsx", exports.ranking(rows, year))
    return render(
        request,
        "planning/ranking.html",
        {
            "rows": rows,
            "year": year,
            "years": targets.years(),
            "weights": [(targets.evaluation()["labels"][k], w) for k, w in targets.weights().items()],
            "labels": targets.evaluation()["labels"],
            "clause": targets.evaluation()["clause"],
        },
    )


@roles_required(*DISTRICT)
def notice(request):
    """The printable district-wide notice (通报) of the year's evaluation."""
    today = clock.today()
    year = _year(request, today)
    rows = evaluation.evaluate(year, today)
    data = dashboard.build(year=year, today=today)
    return render(
        request,
        "planning/notice.html",
        {
            "rows": rows,
            "year": year,
            "d": data,
            "today": today,
            "weights": [(targets.evaluation()["labels"][k], w) for k, w in targets.weights().items()],
            "overdue_reports": [
                r for r in selectors.overdue_reports(request.user, today) if r["month"].year == year
            ],
            "overdue_plans": selectors.overdue_plans(request.user, today, year),
            "late_reports": selectors.reports_visible_to(request.user)
            .filter(selectors.late_q(), month__year=year, version=1)
            .order_by("department__code", "month"),
        },
    )


@roles_required(*DISTRICT)
def skill_stats(request):
    editing = permissions.can_edit_skill_stats(request.user)
    form = SkillStatsForm(request.POST or None)
    if request.method == "POST":
        require(editing)
        if form.is_valid():
            try:
                services.skill_stats_set(actor=request.user, **form.cleaned_data)
            except RuleViolation as exc:
                show_error(request, exc, form)
            else:
                messages.success(request, f"{form.cleaned_data['year']}年统计已保存，驾驶舱比例随即更新。")
                return redirect("planning:skill_stats")
    ratios, ratio_targets = dashboard.skill_ratios()
    return render(
        request,
        "planning/skill_stats.html",
        {
            "form": form,
            "editing": editing,
            "ratios": ratios,
            "targets": ratio_targets,
            "stats": SkillStatistic.objects.all(),
            "competitions": programme_selectors.competition_talent(),
        },
    )

"""Pages of the skill-master studios (第18条): the register (HR, auditors, finance; a host its own), the
application, HR's evaluation, the yearly reports and their rating, withdrawal, the xlsx export, and the public
list of named studios."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import DISTRICT_WIDE, Role
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.programmes import permissions, selectors, services
from skillup.programmes.forms import (
    ReasonForm,
    ReviewRateForm,
    StudioApplyForm,
    StudioNameForm,
    StudioReportForm,
)
from skillup.programmes.models import Studio, StudioReview

VIEWERS = (*DISTRICT_WIDE, Role.ENTERPRISE, Role.INSTITUTION)
ERRORS = (RuleViolation, StateConflict, NotAllowed)


def _filters(request) -> dict:
    g = request.GET
    return {
        "status": g.get("status", "") if g.get("status", "") in Studio.Status.values else "",
        "level": g.get("level", "") if g.get("level", "") in Studio.Level.values else "",
        "q": g.get("q", "").strip()[:50],
    }


@roles_required(*VIEWERS)
def studio_list(request):
    filters = _filters(request)
    qs = selectors.studio_list(request.user, **filters)
    context = {
        "page_obj": paginate(request, qs),
        "filters": filters,
        "statuses": Studio.Status.choices,
        "levels": Studio.Level.choices,
        "allow_apply": permissions.can_apply_studio(request.user).allowed,
        "to_rate": selectors.reviews_to_rate(request.user).count(),
    }
    return render(request, "programmes/studio_list.html", context)


@roles_required(*VIEWERS)
def studio_export(request):
    qs = selectors.studio_list(request.user, **_filters(request))
    rows = (
        [
            s.name,
            s.host.name,
            s.master.name,
            s.master_title,
            s.occupation,
            s.get_level_display(),
            s.get_status_display(),
            s.named_on or "",
            s.named_document,
            s.review_count,
            s.reason,
        ]
        for s in qs
    )
    content = build_workbook(
        title="技能大师工作室名册",
        headers=[
            "工作室",
            "依托单位",
            "领办人",
            "技能等级或称号",
            "技能领域",
            "级别",
            "状态",
            "命名日期",
            "命名文号",
            "年度考核次数",
            "原因",
        ],
        rows=rows,
        total_columns=[9],
        subtitle="依据：上虞区职业技能提升行动实施方案 第18条",
    )
    return xlsx_response("技能大师工作室名册.xlsx", content)


@roles_required(Role.ENTERPRISE, Role.INSTITUTION)
def studio_apply(request):
    form = StudioApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            studio = services.studio_apply(actor=request.user, data=form.cleaned_data)
        except ERRORS as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, f"「{studio.name}」已提交申报，等待人社局评审。")
            return redirect("programmes:studio", studio.pk)
    return render(request, "programmes/studio_apply.html", {"form": form})


def _studio(request, pk: int) -> Studio:
    try:
        return selectors.studio_detail(request.user, pk)
    except Studio.DoesNotExist:
        raise Http404 from None


@roles_required(*VIEWERS)
def studio_detail(request, pk: int):
    studio = _studio(request, pk)
    user = request.user
    context = {
        "studio": studio,
        "allow_decide": permissions.can_decide_studio(user, studio).allowed,
        "allow_report": permissions.can_report_studio(user, studio).allowed,
        "allow_withdraw": permissions.can_withdraw_studio(user, studio).allowed,
        "name_form": StudioNameForm(initial={"level": studio.level}),
        "reason_form": ReasonForm(),
        "report_form": StudioReportForm(),
        "rate_form": ReviewRateForm(),
    }
    return render(request, "programmes/studio_detail.html", context)


@require_POST
@roles_required(Role.HR, Role.HR_ADMIN)
def studio_decide(request, pk: int):
    studio = _studio(request, pk)
    try:
        if request.POST.get("decision") == "name":
            form = StudioNameForm(request.POST)
            if not form.is_valid():
                raise RuleViolation("请填写命名级别和命名文号，日期格式如 2021-03-01", field="document")
            services.studio_name(actor=request.user, studio=studio, **form.cleaned_data)
            messages.success(request, f"「{studio.name}」已命名。")
        else:
            services.studio_reject(actor=request.user, studio=studio, reason=request.POST.get("reason", ""))
            messages.success(request, f"「{studio.name}」未通过评审，依托单位将看到原因。")
    except ERRORS as exc:
        show_error(request, exc)
    return redirect("programmes:studio", studio.pk)


@require_POST
@roles_required(Role.ENTERPRISE, Role.INSTITUTION)
def studio_report(request, pk: int):
    studio = _studio(request, pk)
    try:
        services.studio_report(actor=request.user, studio=studio, data=request.POST.dict())
    except ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, "年度考核材料已提交，等待人社局评定。")
    return redirect("programmes:studio", studio.pk)


@require_POST
@roles_required(Role.HR, Role.HR_ADMIN)
def review_rate(request, pk: int):
    review = get_object_or_404(
        StudioReview.objects.filter(studio__in=selectors.studios_visible_to(request.user)), pk=pk
    )
    try:
        services.review_rate(
            actor=request.user,
            review=review,
            rating=request.POST.get("rating", ""),
            comment=request.POST.get("comment", ""),
        )
    except ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, "考核等次已评定。")
    return redirect("programmes:studio", review.studio_id)


@require_POST
@roles_required(Role.HR, Role.HR_ADMIN)
def studio_withdraw(request, pk: int):
    studio = _studio(request, pk)
    try:
        services.studio_withdraw(actor=request.user, studio=studio, reason=request.POST.get("reason", ""))
    except ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"已撤销「{studio.name}」的工作室称号。")
    return redirect("programmes:studio", studio.pk)


def studios_public(request):
    """Public (no login): the named studios, with the master's name and field — no identity data."""
    studios = list(selectors.studios_public())
    return render(
        request, "programmes/studios_public.html", {"studios": studios, "levels": Studio.Level.choices}
    )

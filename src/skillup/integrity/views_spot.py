"""Pages of the spot checks (第二十一条) and of institution credit. Thin: parse, call one service or
selector, render. HR: the draws, a new draw, a draw's strata and classes, assignment, the export. The
evaluator: 我的抽查 and the form of a class assigned to them (anyone else's is 404). Credit: HR's list and
an institution's record (HR, and the institution itself: 本机构诚信记录)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required, show_error
from skillup.exports.views import export_response
from skillup.integrity import credit, selectors_spot, services_spot
from skillup.integrity.forms import AssignForm, DrawForm, SpotCheckForm
from skillup.integrity.permissions import can_draw_spot_checks, can_submit_spot_check
from skillup.registry.models import Organisation, OrgKind

HR = (Role.HR, Role.HR_ADMIN)


def _months_back(n: int):
    day = today().replace(day=1)
    out = []
    for _ in range(n):
        out.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return out


@roles_required(*HR)
def draw_list(request):
    draws = selectors_spot.draws_visible_to(request.user).order_by("-month")
    return render(
        request,
        "integrity/spot_draw_list.html",
        {"page_obj": paginate(request, draws), "draw_allowed": can_draw_spot_checks(request.user)},
    )


@roles_required(*HR)
def draw_new(request):
    form = DrawForm(request.POST or None, initial={"month": today().strftime("%Y-%m")})
    if request.method == "POST" and form.is_valid():
        try:
            draw = services_spot.draw_create(
                actor=request.user,
                month=form.cleaned_data["month"],
                size=form.cleaned_data["size"],
                auditor=form.cleaned_data["auditor"],
            )
        except (RuleViolation, StateConflict) as exc:
            show_error(request, exc, form)
        else:
            messages.success(
                request,
                f"已抽取{draw.label}：{draw.population} 个班级中抽取 {draw.size} 个，随机种子已记录。",
            )
            return redirect("spot:draw", pk=draw.pk)
    return render(
        request,
        "integrity/spot_draw_new.html",
        {"form": form, "months": selectors_spot.month_populations(_months_back(6))},
    )


def _names(codes) -> dict[str, str]:
    rows = Organisation.objects.filter(code__in=set(codes)).values_list("code", "short_name", "name")
    return {code: short or name for code, short, name in rows}


@login_required
def draw_detail(request, pk: int):
    draw = get_object_or_404(selectors_spot.draws_visible_to(request.user), pk=pk)
    items = list(selectors_spot.spot_checks_filtered(request.user, {"draw": draw.pk}))
    names = _names([s["department"] for s in draw.strata] + [s["institution"] for s in draw.strata])
    replay = services_spot.draw_replay(draw)
    return render(
        request,
        "integrity/spot_draw_detail.html",
        {
            "draw": draw,
            "items": items,
            "strata": [
                {
                    **s,
                    "department_name": names.get(s["department"], s["department"]),
                    "institution_name": names.get(s["institution"], s["institution"]),
                }
                for s in draw.strata
            ],
            "departments": [
                {"code": c, "name": names.get(c, c), **v}
                for c, v in sorted(draw.parameters.get("departments", {}).items())
            ],
            "replay_ok": replay == [i.klass.code for i in items],
            "assign_form": AssignForm(),
        },
    )


@require_POST
@roles_required(*HR)
def draw_assign(request, pk: int):
    draw = get_object_or_404(selectors_spot.draws_visible_to(request.user), pk=pk)
    form = AssignForm(request.POST)
    ids = [int(x) for x in request.POST.getlist("items") if x.isdigit()]
    items = list(selectors_spot.spot_checks_visible_to(request.user).filter(draw=draw, pk__in=ids))
    if not form.is_valid():
        messages.error(request, "请选择评估人员后再分配。")
        return redirect("spot:draw", pk=draw.pk)
    try:
        n = services_spot.spot_assign(actor=request.user, items=items, auditor=form.cleaned_data["auditor"])
    except (RuleViolation, StateConflict, NotAllowed) as exc:  # all or nothing: none was assigned
        show_error(request, exc)
    else:
        messages.success(request, f"已将 {n} 个班级分配给 {form.cleaned_data['auditor'].display_name}。")
    return redirect("spot:draw", pk=draw.pk)


@login_required
def draw_export(request, pk: int):
    draw = get_object_or_404(selectors_spot.draws_visible_to(request.user), pk=pk)
    return export_response(request, "integrity.spot_checks", {"draw": str(draw.pk)})


@roles_required(Role.AUDITOR)
def my_checks(request):
    return render(
        request,
        "integrity/spot_mine.html",
        {"page_obj": paginate(request, selectors_spot.my_spot_checks(request.user))},
    )


@login_required
def check_detail(request, pk: int):
    item = get_object_or_404(selectors_spot.spot_checks_visible_to(request.user), pk=pk)
    submit = can_submit_spot_check(request.user, item)
    form = SpotCheckForm(request.POST or None) if submit else None
    if request.method == "POST":
        if form is None:
            show_error(request, StateConflict(submit.reason))
            return redirect("spot:check", pk=item.pk)
        if form.is_valid():
            try:
                item = services_spot.spot_submit(actor=request.user, item=item, **form.cleaned_data)
            except RuleViolation as exc:
                show_error(request, exc, form)
            else:
                if item.finding_id:
                    messages.warning(
                        request,
                        f"抽查记录已提交。发现问题已生成诚信线索 #{item.finding_id}（风险分 {item.finding.score}），"
                        "该班级的补贴在线索核实排除前暂停拨付。",
                    )
                else:
                    messages.success(request, "抽查记录已提交。")
                return redirect("spot:check", pk=item.pk)
    sheet = selectors_spot.check_sheet(item, phones=bool(submit))
    return render(
        request,
        "integrity/spot_check.html",
        {"item": item, "sheet": sheet, "form": form, "submit": submit},
    )


@roles_required(*HR)
def credit_list(request):
    records = credit.credit_list(request.user, request.GET)
    return render(
        request,
        "integrity/credit_list.html",
        {
            "page_obj": paginate(request, records),
            "levels": credit.LEVELS,
            "rules": credit.RULES,
            "note": credit.RULE_NOTE,
        },
    )


@login_required
def credit_detail(request, pk: int):
    institution = get_object_or_404(Organisation, pk=pk, kind=OrgKind.INSTITUTION)
    record = credit.credit_visible_to(request.user, institution)
    if record is None:
        raise Http404
    return render(
        request,
        "integrity/credit_detail.html",
        {
            "r": record,
            "rules": credit.RULES,
            "note": credit.RULE_NOTE,
            "own": request.user.role == Role.INSTITUTION,
            "spot": credit.spot_history(institution)[:50],
            "cases": credit.confirmed_cases(institution)[:50],
        },
    )


@roles_required(Role.INSTITUTION)
def credit_mine(request):
    if request.user.organisation_id is None:
        raise Http404
    return redirect("spot:credit", pk=request.user.organisation_id)

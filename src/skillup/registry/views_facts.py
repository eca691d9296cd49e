"""Pages of the registry facts behind claims: an enterprise's employees (劳动关系), HR's registers of
enterprise qualifications (企业资格: trade friction, difficulty, high-skill demonstration, skill-level
pilots, chief technicians) and training venues (培训场地). Lists with filters and .xlsx export; writes
go through `services_facts` (HR-only except employment, which an enterprise keeps for itself)."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.registry import permissions, selectors, services_facts
from skillup.registry.models import Organisation, OrgKind
from skillup.registry.models_facts import Recognition
from skillup.registry.search import search_redirect, search_term
from skillup.registry.selectors_facts import (
    chiefs_visible_to,
    employments_visible_to,
    recognitions_visible_to,
    venues_visible_to,
)

HR_ROLES = (Role.HR, Role.HR_ADMIN)
EMPLOYMENT_ROLES = (Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.ENTERPRISE)
QUALIFICATION_ROLES = (Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.ENTERPRISE)
VENUE_ROLES = (Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT, Role.INSTITUTION)
TABS = [(k.value, k.label) for k in Recognition.Kind] + [("chief", "首席技师备案")]


def _flash(request, exc) -> None:
    show_error(request, exc)


def _enterprise_from_post(request) -> Organisation | None:
    if request.user.role == Role.ENTERPRISE:
        return request.user.organisation
    code = (request.POST.get("enterprise") or "").strip()
    if not code:
        return None
    return Organisation.objects.filter(kind=OrgKind.ENTERPRISE).filter(Q(code=code) | Q(uscc=code)).first()


def _d(value):
    return value.strftime("%Y-%m-%d") if value else ""


# --- employment -------------------------------------------------------------------------------------


@roles_required(*EMPLOYMENT_ROLES)
def employment_list(request):
    if response := search_redirect(request):
        return response
    term = search_term(request)
    qs = employments_visible_to(request.user).order_by("enterprise__name", "-start", "-id")
    if term:
        people = selectors.person_search(
            selectors.people_visible_to(request.user), term.text, id_hash=term.id_hash
        )
        by_name = Q(enterprise__name__icontains=term.text) if term.text else Q(pk__in=[])
        qs = qs.filter(Q(person__in=people) | by_name)
    if request.GET.get("current"):
        day = today()
        qs = qs.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))
    if request.GET.get("export"):
        rows = [
            (
                e.enterprise.name,
                e.person.name,
                e.person.id_masked,
                _d(e.start),
                _d(e.end),
                e.get_source_display(),
            )
            for e in qs
        ]
        content = build_workbook(
            title="劳动关系登记",
            headers=["企业", "姓名", "身份证号", "入职日期", "离职日期", "来源"],
            rows=rows,
        )
        return xlsx_response("劳动关系登记.xlsx", content)
    return render(
        request,
        "registry/employment_list.html",
        {
            "page_obj": paginate(request, qs),
            "writing": permissions.can_employ(request.user),
            "is_hr": permissions.can_keep_facts(request.user),
            "search": term,
        },
    )


@require_POST
@roles_required(Role.HR, Role.HR_ADMIN, Role.ENTERPRISE)
def employment_add(request):
    try:
        emp = services_facts.employment_add(
            actor=request.user,
            enterprise=_enterprise_from_post(request),
            id_number=request.POST.get("id_number", ""),
            name=request.POST.get("name", ""),
            start=request.POST.get("start", ""),
        )
    except (RuleViolation, StateConflict) as exc:
        _flash(request, exc)
    else:
        messages.success(request, f"已登记 {emp.person.name} 为 {emp.enterprise.name} 职工。")
    return redirect("employment_list")


@require_POST
@roles_required(Role.HR, Role.HR_ADMIN, Role.ENTERPRISE)
def employment_end(request, pk: int):
    emp = get_object_or_404(employments_visible_to(request.user), pk=pk)
    try:
        services_facts.employment_end(actor=request.user, employment=emp, end=request.POST.get("end", ""))
    except (RuleViolation, StateConflict) as exc:
        _flash(request, exc)
    else:
        messages.success(request, f"已登记 {emp.person.name} 离职。")
    return redirect("employment_list")


# --- qualifications ---------------------------------------------------------------------------------


@roles_required(*QUALIFICATION_ROLES)
def qualification_list(request):
    tab = request.GET.get("tab", Recognition.Kind.TRADE_FRICTION)
    if tab not in dict(TABS):
        tab = Recognition.Kind.TRADE_FRICTION
    q = request.GET.get("q", "").strip()
    day = today()
    if tab == "chief":
        qs = chiefs_visible_to(request.user).order_by("enterprise__name", "-valid_from")
    else:
        qs = (
            recognitions_visible_to(request.user).filter(kind=tab).order_by("enterprise__name", "-valid_from")
        )
    if q:
        qs = qs.filter(enterprise__name__icontains=q)
    if request.GET.get("year", "").isdigit() and tab != "chief":
        qs = qs.filter(year=int(request.GET["year"]))
    if request.GET.get("current"):
        qs = qs.filter(valid_from__lte=day).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    if request.GET.get("export"):
        label = dict(TABS)[tab]
        if tab == "chief":
            headers = ["企业", "首席技师", "身份证号", "职业（工种）", "备案起", "备案止", "备案依据"]
            rows = [
                (
                    c.enterprise.name,
                    c.person.name,
                    c.person.id_masked,
                    c.occupation,
                    _d(c.valid_from),
                    _d(c.valid_until),
                    c.document,
                )
                for c in qs
            ]
        else:
            headers = ["企业", "年度", "认定起", "认定止", "上年度实缴失业保险费（元）", "认定依据"]
            rows = [
                (
                    r.enterprise.name,
                    r.year or "",
                    _d(r.valid_from),
                    _d(r.valid_until),
                    r.ui_premiums_last_year,
                    r.document,
                )
                for r in qs
            ]
        return xlsx_response(
            f"{label}.xlsx", build_workbook(title=label, headers=headers, rows=rows, money_columns=[4])
        )
    return render(
        request,
        "registry/qualification_list.html",
        {
            "page_obj": paginate(request, qs),
            "tab": tab,
            "tabs": TABS,
            "writing": permissions.can_keep_facts(request.user),
        },
    )


@require_POST
@roles_required(*HR_ROLES)
def qualification_add(request):
    tab = request.POST.get("tab", "")
    p = request.POST
    try:
        if tab == "chief":
            number = p.get("id_number", "").strip()
            person = selectors.person_by_id_number(number) if number else None
            services_facts.chief_file(
                actor=request.user,
                enterprise=_enterprise_from_post(request),
                person=person,
                valid_from=p.get("valid_from", ""),
                valid_until=p.get("valid_until", ""),
                document=p.get("document", ""),
                occupation=p.get("occupation", ""),
            )
        else:
            services_facts.recognition_add(
                actor=request.user,
                enterprise=_enterprise_from_post(request),
                kind=tab,
                document=p.get("document", ""),
                valid_from=p.get("valid_from", ""),
                valid_until=p.get("valid_until", ""),
                year=p.get("year", ""),
                ui_premiums_last_year=p.get("ui_premiums_last_year", ""),
            )
    except (RuleViolation, StateConflict, ValueError) as exc:
        _flash(request, exc)
    else:
        messages.success(request, "已登记。")
    return redirect(f"{reverse('qualification_list')}?tab={tab if tab in dict(TABS) else ''}")


@require_POST
@roles_required(*HR_ROLES)
def qualification_end(request, tab: str, pk: int):
    try:
        if tab == "chief":
            chief = get_object_or_404(chiefs_visible_to(request.user), pk=pk)
            services_facts.chief_end(actor=request.user, chief=chief, until=request.POST.get("until", ""))
        else:
            rec = get_object_or_404(recognitions_visible_to(request.user), pk=pk)
            tab = rec.kind
            services_facts.recognition_end(
                actor=request.user, recognition=rec, until=request.POST.get("until", "")
            )
    except (RuleViolation, StateConflict) as exc:
        _flash(request, exc)
    else:
        messages.success(request, "已登记截止日期。")
    return redirect(f"{reverse('qualification_list')}?tab={tab}")


# --- venues -----------------------------------------------------------------------------------------


@roles_required(*VENUE_ROLES)
def venue_list(request):
    qs = venues_visible_to(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    if request.GET.get("base"):
        day = today()
        qs = qs.filter(base_from__lte=day).filter(Q(base_until__isnull=True) | Q(base_until__gte=day))
    if request.GET.get("export"):
        rows = [
            (
                v.pk,
                v.name,
                v.address,
                v.owner.name if v.owner else "",
                _d(v.base_from),
                _d(v.base_until),
                v.base_document,
            )
            for v in qs
        ]
        headers = ["编号", "场地名称", "地址", "所属单位", "公共实训基地认定起", "认定止", "认定依据"]
        return xlsx_response("培训场地.xlsx", build_workbook(title="培训场地", headers=headers, rows=rows))
    return render(
        request,
        "registry/venue_list.html",
        {
            "page_obj": paginate(request, qs),
            "writing": permissions.can_keep_facts(request.user),
            "today": today(),
        },
    )


@require_POST
@roles_required(*HR_ROLES)
def venue_add(request):
    p = request.POST
    owner_code = p.get("owner", "").strip()
    owner = (
        Organisation.objects.filter(Q(code=owner_code) | Q(uscc=owner_code)).first() if owner_code else None
    )
    if owner_code and owner is None:
        messages.error(request, "所属单位：未找到该单位代码")
        return redirect("venue_list")
    try:
        venue = services_facts.venue_register(
            actor=request.user,
            name=p.get("name", ""),
            address=p.get("address", ""),
            owner=owner,
            base_from=p.get("base_from", ""),
            base_until=p.get("base_until", ""),
            base_document=p.get("base_document", ""),
        )
    except (RuleViolation, StateConflict) as exc:
        _flash(request, exc)
    else:
        messages.success(request, f"已登记培训场地 {venue.name}（编号 {venue.pk}）。")
    return redirect("venue_list")


@require_POST
@roles_required(*HR_ROLES)
def venue_base_end(request, pk: int):
    venue = get_object_or_404(venues_visible_to(request.user), pk=pk)
    try:
        services_facts.venue_base_end(actor=request.user, venue=venue, until=request.POST.get("until", ""))
    except (RuleViolation, StateConflict) as exc:
        _flash(request, exc)
    else:
        messages.success(request, f"{venue.name} 公共实训基地认定已截止。")
    return redirect("venue_list")

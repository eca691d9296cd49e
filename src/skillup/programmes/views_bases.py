"""Pages of the public training bases (第16条): the bases with their places, capacity and monthly
utilisation (chart and xlsx), a base's page where institutions book workstations for their practical
sessions, and the teacher-rotation register."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import DISTRICT_WIDE, Role
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.programmes import bases as usage
from skillup.programmes import permissions, services_bases
from skillup.programmes.models import TeacherRotation
from skillup.registry.models import Organisation, OrgKind, Venue
from skillup.training import permissions as training_permissions
from skillup.training import selectors_bases
from skillup.training import services_bases as booking
from skillup.training.models import BasePlace

VIEWERS = (*DISTRICT_WIDE, Role.DEPT, Role.INSTITUTION)
HR = (Role.HR, Role.HR_ADMIN)
ERRORS = (RuleViolation, StateConflict, NotAllowed)
FIRST_MONTH = dt.date(2019, 11, 1)  # the plan was issued 2019-10-29


def _base(pk: int) -> Venue:
    try:
        return selectors_bases.base(pk)
    except Venue.DoesNotExist:
        raise Http404 from None


@roles_required(*VIEWERS)
def base_list(request):
    bases = list(selectors_bases.bases())
    table = usage.utilisation(bases, first=FIRST_MONTH)
    context = {
        "bases": bases,
        "table": table,
        "chart": usage.chart_data(table),
        "recent": list(reversed(table["months"][-12:])),
        "allow_keep": training_permissions.can_keep_base_places(request.user).allowed,
        "hours_note": usage.settings()["utilisation"]["note"],
    }
    return render(request, "programmes/base_list.html", context)


@roles_required(*VIEWERS)
def base_export(request):
    bases = list(selectors_bases.bases())
    table = usage.utilisation(bases, first=FIRST_MONTH)
    rows = [
        [
            r["base"].name,
            r["capacity"],
            c["month"],
            c["seat_hours"],
            c["available"],
            c["rate"] if c["rate"] is not None else "",
        ]
        for r in table["rows"]
        for c in r["cells"]
    ]
    content = build_workbook(
        title="公共实训基地利用率",
        headers=["基地", "开放工位", "月份", "预约工位时数", "可用工位时数", "利用率"],
        rows=rows,
        subtitle=f"第16条；{usage.settings()['utilisation']['note']}",
    )
    return xlsx_response("公共实训基地利用率.xlsx", content)


@roles_required(*VIEWERS)
def base_detail(request, pk: int):
    venue = _base(pk)
    user = request.user
    places = [{"place": p, "bookings": selectors_bases.place_bookings(user, p)} for p in venue.places.all()]
    allow_book = training_permissions.can_book_bases(user)
    context = {
        "venue": venue,
        "places": places,
        "allow_keep": training_permissions.can_keep_base_places(user).allowed,
        "allow_book": allow_book,
        "sessions": list(selectors_bases.sessions_to_book(user, venue)) if allow_book else [],
        "mine": selectors_bases.bookings_visible_to(user).filter(place__venue=venue).order_by("-date")[:50],
        "table": usage.utilisation([venue], first=FIRST_MONTH),
    }
    return render(request, "programmes/base_detail.html", context)


@require_POST
@roles_required(*HR)
def place_add(request, pk: int):
    venue = _base(pk)
    p = request.POST
    try:
        booking.place_create(
            actor=request.user,
            venue=venue,
            name=p.get("name", ""),
            capacity=p.get("capacity", ""),
            occupations=p.get("occupations", ""),
        )
    except ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, "实训场所已登记。")
    return redirect("programmes:base", venue.pk)


@require_POST
@roles_required(*HR)
def place_update(request, pk: int):
    place = get_object_or_404(BasePlace, pk=pk)
    try:
        booking.place_update(
            actor=request.user,
            place=place,
            capacity=request.POST.get("capacity", ""),
            active=bool(request.POST.get("active")),
        )
    except ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, "已保存。")
    return redirect("programmes:base", place.venue_id)


@require_POST
@roles_required(Role.INSTITUTION)
def booking_add(request, pk: int):
    venue = _base(pk)
    p = request.POST
    session = selectors_bases.sessions_to_book(request.user, venue).filter(pk=p.get("session") or 0).first()
    place = venue.places.filter(pk=p.get("place") or 0).first() if str(p.get("place", "")).isdigit() else None
    try:
        if session is None:
            raise RuleViolation("请选择本机构待预约的实操课次", field="session")
        if place is None:
            raise RuleViolation("请选择实训场所", field="place")
        b = booking.booking_create(
            actor=request.user, session=session, place=place, seats=p.get("seats") or None
        )
    except ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(
            request, f"已预约 {b.place.name} {b.date:%Y-%m-%d} {b.starts_at:%H:%M} 的 {b.seats} 个工位。"
        )
    return redirect("programmes:base", venue.pk)


@require_POST
@roles_required(Role.INSTITUTION, *HR)
def booking_cancel(request, pk: int):
    b = get_object_or_404(selectors_bases.bookings_visible_to(request.user), pk=pk)
    try:
        booking.booking_cancel(actor=request.user, booking=b, reason=request.POST.get("reason", ""))
    except ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, "预约已取消，工位已释放。")
    return redirect("programmes:base", b.place.venue_id)


# --- teacher rotation ---------------------------------------------------------------------------------


def rotations_visible_to(user):
    qs = TeacherRotation.objects.select_related("institution", "base", "enterprise")
    if user.role in DISTRICT_WIDE or user.role == Role.DEPT:
        return qs
    if user.role == Role.INSTITUTION:
        return qs.filter(institution_id=user.organisation_id)
    return qs.none()


@roles_required(*VIEWERS)
def rotation_list(request):
    qs = rotations_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in TeacherRotation.Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("export"):
        rows = [
            [
                r.teacher_name,
                r.institution.name,
                r.get_direction_display(),
                (r.base or r.enterprise).name if (r.base or r.enterprise) else "",
                r.subject,
                r.start_date,
                r.end_date,
                r.hours,
                r.get_status_display(),
            ]
            for r in qs
        ]
        content = build_workbook(
            title="实训教师轮训",
            headers=[
                "教师",
                "院校（培训机构）",
                "方向",
                "基地或企业",
                "内容",
                "开始",
                "结束",
                "学时",
                "状态",
            ],
            rows=rows,
            total_columns=[7],
            subtitle=usage.settings()["rotation"]["clause"],
        )
        return xlsx_response("实训教师轮训.xlsx", content)
    schools = (
        Organisation.objects.filter(kind=OrgKind.INSTITUTION, institution__kind="school").order_by("name")
        if request.user.role in DISTRICT_WIDE
        else Organisation.objects.none()
    )
    done = {}
    for r in TeacherRotation.objects.filter(status=TeacherRotation.Status.COMPLETED, direction="to_base"):
        done.setdefault(r.institution_id, set()).add(r.teacher_name)
    context = {
        "page_obj": paginate(request, qs),
        "status": status,
        "statuses": TeacherRotation.Status.choices,
        "allow_record": permissions.can_record_rotation(request.user).allowed,
        "is_hr": request.user.role in HR,
        "schools": [(s, len(done.get(s.pk, ()))) for s in schools],
        "clause": usage.settings()["rotation"]["clause"],
        "bases": Venue.objects.filter(base_from__isnull=False).order_by("name"),
        "enterprises": Organisation.objects.filter(kind=OrgKind.ENTERPRISE).order_by("name")[:500],
        "institutions": Organisation.objects.filter(kind=OrgKind.INSTITUTION).order_by("name")
        if request.user.role in HR
        else [],
        "directions": TeacherRotation.Direction.choices,
    }
    return render(request, "programmes/rotation_list.html", context)


@require_POST
@roles_required(Role.INSTITUTION, *HR)
def rotation_add(request):
    try:
        services_bases.rotation_record(actor=request.user, data=request.POST.dict())
    except ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, "轮训已登记。")
    return redirect("programmes:rotations")


@require_POST
@roles_required(Role.INSTITUTION, *HR)
def rotation_change(request, pk: int, action: str):
    rotation = get_object_or_404(rotations_visible_to(request.user), pk=pk)
    try:
        if action == "confirm":
            services_bases.rotation_confirm(actor=request.user, rotation=rotation)
            messages.success(request, "已确认轮训完成。")
        elif action == "cancel":
            services_bases.rotation_cancel(actor=request.user, rotation=rotation)
            messages.success(request, "轮训已取消。")
        else:
            raise Http404
    except ERRORS as exc:
        show_error(request, exc)
    return redirect("programmes:rotations")

"""Pages of group-buys (拼团) and wishes (第17条): the square of open groups, a group's page by its share
link (with QR code), starting a group or a wish, joining, leaving, enterprise booking, answering a wish,
confirming a class, the demand board and the notifications page. Thin: parse, call one service or
selector, render; every refusal comes back as the service's Chinese message."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.core.web import paginate, show_error
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.market import demand, notify, selectors_groups, services_groups, towns
from skillup.market.models import Group, Offer
from skillup.market.permissions_groups import (
    can_answer_wish,
    can_book_group,
    can_confirm_group,
    can_join_group,
    can_leave_group,
    can_see_demand,
    can_start_group,
)
from skillup.training.attendance import qr_svg

ERRORS = (RuleViolation, StateConflict, NotAllowed)


def _group(code: str) -> Group:
    try:
        return selectors_groups.group_by_code(code)
    except Group.DoesNotExist:
        raise Http404 from None


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip()) if (value or "").strip() else None
    except ValueError:
        raise RuleViolation("日期格式应为 YYYY-MM-DD", field="start_date") from None


def group_list(request):
    """拼团广场: open groups and wishes anyone can join; signed-in users also see their own."""
    user = request.user
    context = {
        "page": paginate(request, selectors_groups.open_groups(), per_page=30),
        "wishes": list(selectors_groups.open_wishes()[:20]),
        "mine": list(selectors_groups.groups_of(user)[:50]) if user.is_authenticated else [],
        "allow_start": user.is_authenticated and can_start_group(user).allowed,
    }
    return render(request, "market/group_list.html", context)


def group_detail(request, code: str):
    group = _group(code)
    user = request.user
    share = request.build_absolute_uri(services_groups.group_url(group))
    context = {
        "group": group,
        "share": share,
        "qr": qr_svg(share),
        "left": max(group.seats - group.joined, 0),
        "short": max(group.minimum - group.joined, 0),
        "percent": min(100, round(100 * group.joined / group.minimum)) if group.minimum else 100,
    }
    if user.is_authenticated:
        context |= {
            "join": can_join_group(user, group),
            "leave": can_leave_group(user, group),
            "book": can_book_group(user, group),
            "answer": can_answer_wish(user, group),
            "confirm": can_confirm_group(user, group),
            "mine": selectors_groups.membership(user, group),
            "roster": selectors_groups.roster_of(user, group),
        }
        if context["book"]:
            taken = {m.person_id for m in group.members.all()}
            context["staff"] = [
                p for p in services_groups.staff_of(user.organisation_id) if p.pk not in taken
            ]
        if context["answer"]:
            context["offers"] = list(selectors_groups.offers_for_wish(user, group))
    return render(request, "market/group_detail.html", context)


@login_required
def group_start(request):
    """Start a group for a published offer (?offer=<id>)."""
    try:
        offer = selectors_groups.offer_published(request.GET.get("offer") or request.POST.get("offer"))
    except (Offer.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    verdict = can_start_group(request.user)
    if request.method == "POST":
        try:
            group = services_groups.group_start(
                actor=request.user, offer=offer, deadline=request.POST.get("deadline") or None
            )
        except ERRORS as exc:
            show_error(request, exc)
        else:
            messages.success(request, f"已发起拼团 {group.code}，把链接或二维码分享给好友一起参团")
            return redirect("market_groups:group", group.code)
    return render(request, "market/group_start.html", {"offer": offer, "verdict": verdict})


@login_required
def wish_start(request):
    verdict = can_start_group(request.user)
    values = {"occupation": "", "level": "", "town": "", "deadline": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        try:
            group = services_groups.group_start(
                actor=request.user,
                occupation=values["occupation"],
                level=values["level"],
                town=values["town"],
                deadline=values["deadline"] or None,
            )
        except ERRORS as exc:
            show_error(request, exc)
        else:
            messages.success(request, f"心愿 {group.code} 已发布，机构响应后会通知您")
            return redirect("market_groups:group", group.code)
    return render(
        request, "market/wish_start.html", {"verdict": verdict, "values": values, "towns": towns.CHOICES}
    )


def _act(request, code: str, action) -> Group:
    group = _group(code)
    try:
        action(group)
    except ERRORS as exc:
        show_error(request, exc)
    return group


@login_required
@require_POST
def group_join(request, code: str):
    def join(group):
        services_groups.group_join(actor=request.user, group=group)
        messages.success(request, "参团成功，成团或解散时会通知您")

    return redirect("market_groups:group", _act(request, code, join).code)


@login_required
@require_POST
def group_book(request, code: str):
    def book(group):
        ids = [v for v in request.POST.getlist("people") if v.isdigit()]
        group = services_groups.group_book(actor=request.user, group=group, person_ids=[int(v) for v in ids])
        messages.success(request, f"已为 {len(ids)} 名职工订座")

    return redirect("market_groups:group", _act(request, code, book).code)


@login_required
@require_POST
def group_leave(request, code: str):
    def leave(group):
        services_groups.group_leave(actor=request.user, group=group)
        messages.success(request, "已退出该拼团")

    return redirect("market_groups:group", _act(request, code, leave).code)


@login_required
@require_POST
def wish_answer(request, code: str):
    def answer(group):
        try:
            offer = Offer.objects.get(pk=int(request.POST.get("offer") or 0))
        except (Offer.DoesNotExist, ValueError):
            raise RuleViolation("请选择本机构的课程", field="offer") from None
        services_groups.wish_answer(actor=request.user, group=group, offer=offer)
        messages.success(request, "已响应心愿，该心愿已转为本机构课程的拼团")

    return redirect("market_groups:group", _act(request, code, answer).code)


@login_required
@require_POST
def group_confirm(request, code: str):
    try:
        group = selectors_groups.group_for_institution(request.user, code)
    except Group.DoesNotExist:
        raise Http404 from None
    try:
        klass = services_groups.group_confirm(
            actor=request.user,
            group=group,
            start_date=_date(request.POST.get("start_date", "")),
            end_date=_date(request.POST.get("end_date", "")),
        )
    except ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"已开班：班级 {klass.code} 已提交主管部门审批，名册已从拼团带入")
    return redirect("market_groups:group", group.code)


@login_required
def demand_board(request):
    require(can_see_demand(request.user))
    rows = demand.demand_rows()
    if request.GET.get("format") == "xlsx":
        content = build_workbook(
            title="培训需求（心愿与未成团拼团）",
            headers=demand.HEADERS,
            rows=demand.export_rows(rows),
            total_columns=(2, 3, 4, 5),
            subtitle="第17条 培训超市：按职业（工种）× 乡镇（街道）统计等待开班的人数",
        )
        return xlsx_response("培训需求.xlsx", content)
    return render(request, "market/demand.html", {"rows": rows, "chart": demand.heatmap(rows)})


@login_required
def notifications(request):
    user = request.user
    if request.method == "POST":
        services_groups.notification_setting_set(actor=user, sms=request.POST.get("sms") == "on")
        messages.success(request, "通知设置已保存")
        return redirect("market_groups:notifications")
    page = paginate(request, selectors_groups.notifications_of(user).select_related("group"), per_page=30)
    unread = {n.pk for n in page if n.read_at is None}
    services_groups.notifications_read(actor=user)
    context = {"page": page, "unread": unread, "sms": notify.sms_enabled(user)}
    return render(request, "market/group_notifications.html", context)

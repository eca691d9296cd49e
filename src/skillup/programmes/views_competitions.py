"""Pages of the competitions (第12条): the events an organiser runs or a district-wide officer reads (with the
award winners counted for the talent figures), an event with its rules, contestants and ranking (register,
record scores, publish, claim the subsidy), the xlsx export of contestants and results, and the public
results pages (no login; names masked)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.core.clock import today
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.policy.model import CERTIFICATE_LEVELS
from skillup.programmes import permissions, selectors_competitions, services_competitions
from skillup.programmes.models_competitions import CompetitionEvent
from skillup.registry.models import Organisation, OrgKind

VIEWERS = selectors_competitions.VIEWERS
ERRORS = (RuleViolation, StateConflict, NotAllowed)
K = CompetitionEvent.Kind


def _id(raw) -> int | None:
    return int(raw) if str(raw or "").isdigit() else None


@roles_required(*VIEWERS)
def competition_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in K.values else ""
    user = request.user
    kinds = [(v, label) for v, label in K.choices if permissions.can_create_competition(user, v).allowed]
    context = {
        "events": selectors_competitions.event_list(user, kind=kind),
        "kind": kind,
        "kinds": K.choices,
        "create_kinds": kinds,
        "levels": CERTIFICATE_LEVELS,
        "institutions": Organisation.objects.filter(kind=OrgKind.INSTITUTION).order_by("name")
        if kinds
        else [],
        "talent": selectors_competitions.talent_figures(),
        "today": today(),
    }
    return render(request, "programmes/competition_list.html", context)


@require_POST
@roles_required(*VIEWERS)
def competition_add(request):
    try:
        event = services_competitions.event_create(actor=request.user, data=request.POST.dict())
    except ERRORS as exc:
        show_error(request, exc)
        return redirect("programmes:competitions")
    messages.success(request, f"「{event.name}」已发布，请登记报名选手。")
    return redirect("programmes:competition", event.pk)


def _event(request, pk: int) -> CompetitionEvent:
    try:
        return selectors_competitions.events_visible_to(request.user).get(pk=pk)
    except CompetitionEvent.DoesNotExist:
        raise Http404 from None


@roles_required(*VIEWERS)
def competition_detail(request, pk: int):
    event = _event(request, pk)
    user = request.user
    context = {
        "event": event,
        "page_obj": paginate(request, selectors_competitions.contestants_of(event), per_page=100),
        "allow_keep": permissions.can_keep_competition(user, event).allowed,
        "publish": permissions.can_publish_competition(user, event),
        "allow_claim": permissions.can_claim_competition(user, event).allowed and not event.claim_id,
        "held": today() >= event.held_on,
    }
    return render(request, "programmes/competition_detail.html", context)


@require_POST
@roles_required(*VIEWERS)
def competition_change(request, pk: int, action: str):
    event = _event(request, pk)
    p = request.POST
    try:
        if action == "contestants":
            added = services_competitions.contestants_add(
                actor=request.user, event=event, lines=p.get("lines", "")
            )
            messages.success(request, f"已报名 {len(added)} 人。")
        elif action == "scores":
            n = services_competitions.scores_record(actor=request.user, event=event, lines=p.get("lines", ""))
            messages.success(request, f"已录入 {n} 人的成绩，名次已按成绩排定。")
        elif action == "publish":
            services_competitions.results_publish(actor=request.user, event=event)
            messages.success(request, "成绩已公布，获奖名单已在公开页面展示。")
        elif action == "claim":
            claim = services_competitions.claim_create(
                actor=request.user, event=event, cost=p.get("cost", "")
            )
            messages.success(
                request, f"补贴申领已生成：核定 {claim.amount} 元（{claim.get_status_display()}）。"
            )
        else:
            raise Http404
    except ERRORS as exc:
        show_error(request, exc)
    return redirect("programmes:competition", event.pk)


@roles_required(*VIEWERS)
def competition_export(request):
    qs = selectors_competitions.contestants_visible_to(request.user).order_by(
        "-event__held_on", "event_id", "rank", "id"
    )
    event = _id(request.GET.get("event"))
    if event:
        qs = qs.filter(event_id=event)
    rows = [
        [c.event.name, c.event.get_kind_display(), c.event.organiser.name, c.event.occupation, c.event.level,
         c.event.held_on, c.person.name, c.person.id_masked, c.employer.name if c.employer_id else "",
         c.registered_on, c.score, c.rank, c.award, c.event.get_status_display()]
        for c in qs
    ]  # fmt: skip
    content = build_workbook(
        title="技能竞赛选手与成绩",
        headers=[
            "竞赛名称",
            "类型",
            "主办单位",
            "职业（工种）",
            "等级",
            "竞赛日期",
            "姓名",
            "身份证号",
            "工作单位",
            "报名日期",
            "成绩",
            "名次",
            "奖项",
            "状态",
        ],  # fmt: skip
        rows=rows,
    )
    return xlsx_response("技能竞赛选手与成绩.xlsx", content)


def competitions_public(request):
    """Public (no login): the published results of drills and district competitions."""
    return render(
        request, "programmes/competition_public.html", {"events": selectors_competitions.public_events()}
    )


def competition_public(request, pk: int):
    """Public (no login): one published event's ranking, names masked, no identity data."""
    event = get_object_or_404(selectors_competitions.public_events(), pk=pk)
    return render(
        request,
        "programmes/competition_results.html",
        {"event": event, "results": selectors_competitions.public_results(event)},
    )

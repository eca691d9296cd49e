"""Pages of the elite programme (第8条): rounds with the progress against the target, a round with its
nominations (nominate, HR's shortlist and approval) and cohorts, a cohort with its members (attendance,
completion and the claims it made), and the xlsx exports of nominations and members."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.programmes import elite, permissions, selectors_elite, services_elite
from skillup.programmes.models_elite import EliteCohort, EliteMember, EliteNomination, EliteRound
from skillup.registry.models import Organisation, OrgKind

VIEWERS = selectors_elite.VIEWERS
ERRORS = (RuleViolation, StateConflict, NotAllowed)


def _id(raw) -> int | None:
    return int(raw) if str(raw or "").isdigit() else None


@roles_required(*VIEWERS)
def elite_list(request):
    context = {
        "rounds": selectors_elite.round_list(request.user),
        "progress": selectors_elite.progress(),
        "kinds": EliteRound.Kind.choices,
        "classes": elite.data()["classes"],
        "allow_open": permissions.can_open_elite_round(request.user).allowed,
        "this_year": today().year,
        "today": today(),
    }
    return render(request, "programmes/elite_list.html", context)


@require_POST
@roles_required(Role.HR, Role.HR_ADMIN)
def elite_round_add(request):
    try:
        r = services_elite.round_open(actor=request.user, data=request.POST.dict())
    except ERRORS as exc:
        show_error(request, exc)
        return redirect("programmes:elite")
    messages.success(request, f"{r}已发布，企业和主管部门可在推荐时间内推荐人选。")
    return redirect("programmes:elite_round", r.pk)


def _round(request, pk: int) -> EliteRound:
    try:
        return selectors_elite.rounds_visible_to(request.user).get(pk=pk)
    except EliteRound.DoesNotExist:
        raise Http404 from None


@roles_required(*VIEWERS)
def elite_round(request, pk: int):
    r = _round(request, pk)
    status = request.GET.get("status", "")
    status = status if status in EliteNomination.Status.values else ""
    nominations = selectors_elite.nomination_list(request.user, round_id=r.pk, status=status)
    decide = permissions.can_decide_elite(request.user, r).allowed
    context = {
        "round": r,
        "stage": r.stage(today()),
        "rule": elite.class_rule(r.kind),
        "page_obj": paginate(request, nominations, per_page=100),
        "status": status,
        "statuses": EliteNomination.Status.choices,
        "cohorts": selectors_elite.cohort_list(request.user, round_id=r.pk),
        "approved": r.nominations.filter(status=EliteNomination.Status.APPROVED).count(),
        "allow_nominate": permissions.can_nominate_elite(request.user, r).allowed,
        "allow_decide": decide,
        "allow_cohort": permissions.can_form_elite_cohort(request.user, r).allowed,
        "institutions": Organisation.objects.filter(kind=OrgKind.INSTITUTION).order_by("name")
        if decide
        else [],
        "default_out": elite.out_of_province_default(r.kind),
    }
    return render(request, "programmes/elite_round.html", context)


@require_POST
@roles_required(*VIEWERS)
def elite_round_change(request, pk: int, action: str):
    r = _round(request, pk)
    p = request.POST
    try:
        if action == "nominate":
            n = services_elite.nominate(
                actor=request.user,
                elite_round=r,
                id_number=p.get("id_number", ""),
                merits=p.get("merits", ""),
            )
            messages.success(request, f"已推荐{n.person.name}（{n.level_held}）。")
        elif action == "decide":
            count = services_elite.nominations_decide(
                actor=request.user,
                elite_round=r,
                nomination_ids=p.getlist("nomination"),
                decision=p.get("decision", ""),
                note=p.get("note", ""),
            )
            messages.success(request, f"已评审 {count} 人。")
        elif action == "cohort":
            cohort = services_elite.cohort_create(actor=request.user, elite_round=r, data=p.dict())
            messages.success(request, f"研修班「{cohort.name}」已组建，请编入已确定的人选。")
            return redirect("programmes:elite_cohort", cohort.pk)
        else:
            raise Http404
    except ERRORS as exc:
        show_error(request, exc)
    return redirect("programmes:elite_round", r.pk)


def _cohort(request, pk: int) -> EliteCohort:
    try:
        return selectors_elite.cohorts_visible_to(request.user).get(pk=pk)
    except EliteCohort.DoesNotExist:
        raise Http404 from None


@roles_required(*VIEWERS)
def elite_cohort(request, pk: int):
    cohort = _cohort(request, pk)
    members = selectors_elite.members_visible_to(request.user).filter(cohort=cohort).order_by("id")
    forming = permissions.can_form_elite_cohort(request.user, cohort.round).allowed
    context = {
        "cohort": cohort,
        "page_obj": paginate(request, members, per_page=100),
        "allow_keep": permissions.can_keep_elite_cohort(request.user, cohort).allowed,
        "allow_form": forming,
        "waiting": cohort.round.nominations.filter(status="approved", member__isnull=True).select_related(
            "person"
        )
        if forming
        else [],
        "outcomes": [c for c in EliteMember.Outcome.choices if c[0] != "enrolled"],
    }
    return render(request, "programmes/elite_cohort.html", context)


@require_POST
@roles_required(Role.HR, Role.HR_ADMIN, Role.INSTITUTION)
def elite_cohort_change(request, pk: int, action: str):
    cohort = _cohort(request, pk)
    p = request.POST
    try:
        if action == "members":
            added = services_elite.members_add(
                actor=request.user, cohort=cohort, nomination_ids=p.getlist("nomination")
            )
            messages.success(request, f"已编入 {len(added)} 人。")
        elif action == "attendance":
            n = services_elite.attendance_record(
                actor=request.user, cohort=cohort, member_ids=p.getlist("member"), days=p.get("days", "")
            )
            messages.success(request, f"已登记 {n} 人的出勤。")
        elif action == "outcomes":
            n = services_elite.outcomes_set(
                actor=request.user,
                cohort=cohort,
                member_ids=p.getlist("member"),
                outcome=p.get("outcome", ""),
                on=p.get("outcome_on", ""),
            )
            messages.success(request, f"已登记 {n} 人的结果；结业学员的补贴申领已生成。")
        else:
            raise Http404
    except ERRORS as exc:
        show_error(request, exc)
    return redirect("programmes:elite_cohort", cohort.pk)


@roles_required(*VIEWERS)
def elite_nominations_export(request):
    qs = selectors_elite.nomination_list(request.user, round_id=_id(request.GET.get("round")))
    rows = [
        [n.round.year, n.round.kind, n.person.name, n.person.id_masked, n.employer.name, n.nominator.name,
         n.level_held, n.certificate.number if n.certificate_id else "", n.nominated_on, n.merits,
         n.get_status_display(), n.decision_note, n.member.cohort.name if hasattr(n, "member") else ""]
        for n in qs
    ]  # fmt: skip
    content = build_workbook(
        title="精英提升培训推荐人选",
        headers=[
            "年度",
            "班次",
            "姓名",
            "身份证号",
            "工作单位",
            "推荐单位",
            "现有等级",
            "证书编号",
            "推荐日期",
            "推荐理由",
            "状态",
            "评审意见",
            "研修班",
        ],  # fmt: skip
        rows=rows,
    )
    return xlsx_response("精英提升培训推荐人选.xlsx", content)


@roles_required(*VIEWERS)
def elite_members_export(request):
    qs = selectors_elite.members_visible_to(request.user).order_by("-cohort__start_date", "cohort_id", "id")
    cohort = _id(request.GET.get("cohort"))
    if cohort:
        qs = qs.filter(cohort_id=cohort)
    rows = [
        [m.cohort.round.year, m.cohort.round.kind, m.cohort.name, m.cohort.institution.name, m.cohort.region,
         m.person.name, m.person.id_masked, m.nomination.employer.name, m.attended_days, m.cohort.days,
         m.get_outcome_display(), m.outcome_on, m.claim.get_status_display() if m.claim_id else "",
         m.claim.amount if m.claim_id else None]
        for m in qs
    ]  # fmt: skip
    content = build_workbook(
        title="精英提升培训研修班学员",
        headers=[
            "年度",
            "班次",
            "研修班",
            "合作院校",
            "地区",
            "姓名",
            "身份证号",
            "工作单位",
            "出勤天数",
            "研修天数",
            "结果",
            "结果日期",
            "补贴申领",
            "核定金额（元）",
        ],  # fmt: skip
        rows=rows,
        total_columns=[13],
    )
    return xlsx_response("精英提升培训研修班学员.xlsx", content)

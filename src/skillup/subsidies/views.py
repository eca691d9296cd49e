"""Pages of claims: lists with filters, bulk actions and export; the claim with its basis and review trail;
applications by trainees and enterprises; claiming a class's passed trainees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.certificates.selectors import claim_panel
from skillup.core.errors import SERVICE_ERRORS, RuleViolation
from skillup.core.permissions import check, require
from skillup.core.web import paginate, roles_required, show_error, show_rule_errors
from skillup.exports.views import export_response, page_params
from skillup.policy.catalogue import default_catalogue, scheme_names
from skillup.registry.models import Organisation, OrgKind
from skillup.registry.search import search_redirect, search_term
from skillup.subsidies import living, review, routing, selectors, services
from skillup.subsidies.checks import REFUSAL_NAMES
from skillup.subsidies.forms import ApplyForm, ReviewForm, scheme_choices
from skillup.subsidies.models import Claim
from skillup.subsidies.permissions import (
    BEFORE_PAYMENT,
    CLASS_OPEN,
    can_apply,
    can_approve_claim,
    can_resubmit_claim,
    can_review,
    can_review_claim,
    can_see_holds,
    held,
)

S = Claim.Status


def can_create_batch(user):
    """The fund's verdict (fund/permissions.py), asked through the registry: subsidies never imports fund."""
    return check("create_batch", user)


FILTERS = selectors.FILTERS


def _filters(request) -> dict:
    return {k: request.GET.get(k, "").strip() for k in FILTERS}


def _export_params(request, term) -> dict:
    """The page's filters for its export; a searched identity number travels as its keyed hash only."""
    params = {k: v for k, v in page_params(request).items() if k not in ("qt", "q") or not term.id_hash}
    if term.id_hash:
        params["id_hash"] = term.id_hash
    return params


@login_required
def claim_list(request):
    if response := search_redirect(request):
        return response
    term = search_term(request)
    qs = selectors.claims_filtered(request.user, request.GET, id_hash=term.id_hash)
    names = scheme_names()
    if request.GET.get("format") == "xlsx":
        return export_response(request, "subsidies.claims", _export_params(request, term))
    step = review.review_step(request.user)
    page_obj = paginate(request, qs)
    rows = list(page_obj)
    # Money held by integrity findings: one lookup for the page's rows, never one per row.
    holds = held([c for c in rows if c.status in BEFORE_PAYMENT]) if can_see_holds(request.user) else {}
    for c in rows:
        c.scheme_name = names.get(c.scheme, c.scheme)
        c.hold = holds.get(c.pk, "")
    # "全部 N 笔": what the bulk actions take when every matching row is chosen, across pages.
    waiting = {}
    if step_status := review.STATUS_OF_STEP.get(step):
        waiting["review"] = selectors.count_and_total(qs.filter(status=step_status))
    if can_create_batch(request.user):
        waiting["batch"] = selectors.count_and_total(qs.filter(status=S.FINANCE_APPROVED))
    context = {
        "page_obj": page_obj,
        "statuses": S.choices,
        "schemes": names,
        # An applicant's own list needs no department filter; officers filter by the competent department.
        "departments": Organisation.objects.none()
        if can_apply(request.user)
        else Organisation.objects.filter(kind__in=[OrgKind.HR, OrgKind.DEPARTMENT])
        .order_by("id")
        .only("code", "short_name", "name"),
        "years": [2019, 2020, 2021],
        "step": step,
        "step_status": review.STATUS_OF_STEP.get(step),
        "is_finance": bool(can_create_batch(request.user)),
        "apply": can_apply(request.user),
        "waiting": waiting,
        "filters": _filters(request),
        "search": term,
    }
    return render(request, "subsidies/claim_list.html", context)


@login_required
def claim_detail(request, pk: int):
    claim = get_object_or_404(selectors.claim_list(request.user), pk=pk)
    subtitle = [f"{claim.occupation}{claim.level}"] if claim.occupation or claim.level else []
    if claim.klass_id:
        subtitle.append(f"培训班 {claim.klass.code}")
    cite = routing.cite_of(claim)
    subtitle.append(f"主管部门 {claim.department.name}" + (f"（由系统按附件1确定：{cite}）" if cite else ""))
    subtitle.append(f"{claim.year} 年度")
    # Why the money is held: readers of findings see it in integrity's panel on this page (with the
    # findings themselves); the other officers (Finance above all) in a banner of its own.
    hold = ""
    if (
        claim.status in BEFORE_PAYMENT
        and can_see_holds(request.user)
        and not check("read_findings", request.user)
    ):
        hold = held([claim]).get(claim.pk, "")
    return render(
        request,
        "subsidies/claim_detail.html",
        {
            "claim": claim,
            "scheme_name": scheme_names().get(claim.scheme, claim.scheme),
            "subtitle": subtitle,
            "refusal_names": [REFUSAL_NAMES.get(r, r) for r in claim.refusals],
            "reviews": selectors.claim_reviews(claim),
            "payments": claim.payments.select_related("batch").order_by("attempt"),
            "review": can_review_claim(request.user, claim),
            "approve": can_approve_claim(request.user, claim),
            "hold": hold,
            "resubmit": can_resubmit_claim(request.user, claim),
            "certificate_panel": claim_panel(request.user, claim),
        },
    )


@require_POST
@login_required
def claim_review(request, pk: int):
    claim = get_object_or_404(selectors.claims_visible_to(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择审核结论。")
        return redirect("claim_detail", pk=pk)
    try:
        claim = review.claim_review(claim=claim, actor=request.user, **form.cleaned_data)
    except SERVICE_ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            f"申领 #{claim.pk} 已{'通过' if form.cleaned_data['decision'] == 'approve' else '退回'}，"
            f"当前状态：{claim.get_status_display()}。",
        )
    return redirect("claim_detail", pk=pk)


@require_POST
@login_required
def claims_bulk(request):
    """Bulk approve or reject the ticked claims, or every claim matching the list's filters at the actor's
    step ("全部 N 笔", across pages). A confirmation with the count and total comes first."""
    require(can_review(request.user))
    back = request.POST.get("next") or reverse("claim_list")
    if request.POST.get("all_filtered"):
        term = search_term(request, data=request.POST)
        chosen = selectors.claims_filtered(request.user, request.POST, id_hash=term.id_hash).filter(
            status=review.STATUS_OF_STEP[review.review_step(request.user)]
        )
    else:
        chosen = selectors.claims_visible_to(request.user).filter(pk__in=_ticked(request))
    decision = request.POST.get("decision", "")
    holds = {}
    if decision == "approve" and review.review_step(request.user) == "finance":
        holds = held(
            chosen.filter(status=S.HR_APPROVED).select_related(None).only("id", "klass_id", "person_id")
        )
    n, total = selectors.count_and_total(chosen.exclude(pk__in=list(holds)))
    if not n and holds:
        messages.error(request, f"所选 {len(holds)} 笔申领均暂缓支付，不能通过财政局审核，可以退回。")
        for why in list(holds.values())[:10]:
            messages.info(request, why)
        return redirect(back)
    if not n:
        messages.warning(request, "请先勾选要审核的申领。")
        return redirect(back)
    if decision == "reject" and not request.POST.get("reason", "").strip():
        messages.error(request, "退回时请填写理由，申领单位将据此更正。")
        return redirect(back)
    verb = "通过" if decision == "approve" else "退回"
    if not _confirmed(request, n):
        return _confirm(
            request,
            title=f"确认批量{verb}",
            action=reverse("claims_bulk"),
            count=n,
            total=total,
            what=f"批量{verb}以下申领",
            back=back,
            left_out=sorted(holds.items()),
        )
    try:
        summary = review.claims_review_bulk(
            actor=request.user,
            claim_ids=list(chosen.values_list("id", flat=True)),
            decision=decision,
            reason=request.POST.get("reason", ""),
        )
    except SERVICE_ERRORS as exc:
        show_error(request, exc)
    else:
        level = (
            messages.SUCCESS
            if not summary.skipped and not summary.refused and not summary.held
            else messages.WARNING
        )
        messages.add_message(request, level, summary.message())
        for _, why in (summary.held + summary.refused + summary.skipped)[:10]:
            messages.info(request, why)
    return redirect(back)


def _ticked(request) -> list[int]:
    return [int(i) for i in request.POST.getlist("ids") if i.isdigit()]


def _confirmed(request, count: int) -> bool:
    """The officer saw the count on the confirmation and it still holds (else they see it again)."""
    expected = request.POST.get("confirmed", "")
    if not expected:
        return False
    if expected != str(count):
        messages.warning(request, f"符合条件的申领已变为 {count} 笔，请重新确认。")
        return False
    return True


def confirm_page(request, *, title: str, action: str, count: int, total, what: str, back: str, left_out=()):
    """The confirmation before a bulk action: what will be done, to how many claims, for how much; the
    posted fields travel on unchanged, with `confirmed` set to the count shown. `left_out` lists
    (claim id, reason) of the chosen claims the action will not take (money held)."""
    fields = [
        (k, v)
        for k in request.POST
        for v in request.POST.getlist(k)
        if k not in ("csrfmiddlewaretoken", "confirmed")
    ]
    return render(
        request,
        "subsidies/confirm.html",
        {
            "title": title,
            "action": action,
            "count": count,
            "total": total,
            "what": what,
            "fields": fields,
            "back": back,
            "left_out": list(left_out),
        },
    )


_confirm = confirm_page


@require_POST
@login_required
def claim_resubmit(request, pk: int):
    claim = get_object_or_404(selectors.claims_visible_to(request.user), pk=pk)
    try:
        claim = services.claim_resubmit(actor=request.user, claim=claim)
    except SERVICE_ERRORS as exc:
        show_error(request, exc)
    else:
        if claim.status == S.CHECKED:
            messages.success(request, "已重新提交，自动审核通过，等待主管部门审核。")
        else:
            messages.warning(
                request,
                f"已重新提交，自动审核仍不通过：{'、'.join(REFUSAL_NAMES.get(r, r) for r in claim.refusals)}。请更正后再提交。",
            )
    return redirect("claim_detail", pk=pk)


@roles_required(Role.TRAINEE, Role.ENTERPRISE)
def claim_apply(request):
    """First the scheme (a picker of the applicant's schemes), then that scheme's own form."""
    role = request.user.role
    code = request.POST.get("scheme") or request.GET.get("scheme", "")
    if code not in dict(scheme_choices(role)):
        return render(
            request,
            "subsidies/claim_apply.html",
            {"schemes": default_catalogue().schemes_for(role), "form": None},
        )
    form = ApplyForm(request.POST or None, request.FILES or None, role=role, scheme=code)
    rule_errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        facts = {
            k: v for k, v in data.items() if k not in ("scheme", "entitlement_date", "id_number", "evidence")
        }
        try:
            claim = services.claim_apply(
                actor=request.user,
                scheme=data["scheme"],
                entitlement_date=data["entitlement_date"],
                facts=facts,
                id_number=data.get("id_number"),
                evidence=data.get("evidence"),
            )
        except RuleViolation as exc:
            rule_errors += show_rule_errors(form, exc)
        else:
            if claim.status == S.CERT_PENDING:
                messages.warning(request, "已提交：证书尚未在证书库登记，等待人社局核验证书后再审核。")
            elif claim.status == S.CHECKED:
                messages.success(request, f"已提交，核定 {claim.amount:,.2f} 元，等待主管部门审核。")
            else:
                messages.warning(request, "已提交，但自动审核不通过，原因见下方。")
            return redirect("claim_detail", pk=claim.pk)
    return render(
        request,
        "subsidies/claim_apply.html",
        {"form": form, "scheme": form.scheme_obj, "rule_errors": rule_errors},
    )


@roles_required(Role.TRAINEE)
@require_POST
def living_apply(request, code: str):
    """第7条: a trainee applies for the living allowance of a class they attended (days from attendance)."""
    from skillup.training.selectors import classes_visible_to

    klass = get_object_or_404(classes_visible_to(request.user), code=code)
    try:
        claim = services.claim_apply(
            actor=request.user, scheme=living.SCHEME, entitlement_date=None, facts={}, klass=klass
        )
    except SERVICE_ERRORS as exc:
        show_error(request, exc)
        return redirect("training_class_detail", code=code)
    if claim.status == S.CHECKED:
        messages.success(request, f"已申请生活费补贴，核定 {claim.amount:,.2f} 元，等待主管部门审核。")
    else:
        messages.warning(request, "已申请，但自动审核不通过，原因见下方。")
    return redirect("claim_detail", pk=claim.pk)


@roles_required(Role.INSTITUTION)
def class_claims(request):
    """The institution's classes with passed trainees not yet claimed, and a button per class."""
    from skillup.training.selectors import classes_visible_to

    classes = (
        classes_visible_to(request.user)
        .filter(status__in=CLASS_OPEN)
        .annotate(
            unclaimed=Count(
                "enrolments",
                filter=Q(enrolments__result__passed=True, enrolments__result__claim__isnull=True),
            )
        )
        .filter(unclaimed__gt=0)
        .order_by("-end_date")
    )
    if request.method == "POST":
        klass = get_object_or_404(classes, code=request.POST.get("code", ""))
        try:
            created = services.claims_create_for_class(actor=request.user, klass=klass)
        except SERVICE_ERRORS as exc:
            show_error(request, exc)
        else:
            ok = sum(1 for c in created if c.status == S.CHECKED)
            messages.success(
                request,
                f"{klass.code}：已申领 {len(created)} 人，其中自动审核通过 {ok} 人，"
                f"不通过 {len(created) - ok} 人（可在列表中查看原因）。",
            )
            return redirect(f"{reverse('claim_list')}?klass={klass.code}")
        return redirect("class_claims")
    return render(request, "subsidies/class_claims.html", {"page_obj": paginate(request, classes)})

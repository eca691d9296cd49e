"""Pages of the 待核验证书 queue (第13条): HR's list, one decision per claim, and the applicant's scan
upload from the claim page. URLs stay under /certificates/ (skillup/urls.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.certificates import rules
from skillup.certificates.forms import CertificateForm, EvidenceForm
from skillup.certificates.permissions import can_verify_certificate
from skillup.certificates.selectors import claim_panel
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.core.web import paginate, roles_required, show_error
from skillup.policy.catalogue import default_catalogue
from skillup.subsidies import verification as queue_services
from skillup.subsidies.selectors import claims_visible_to
from skillup.subsidies.selectors_verification import QUEUE_ROLES, queue_visible_to


@roles_required(*QUEUE_ROLES)
def queue(request):
    page = paginate(request, queue_visible_to(request.user))
    for claim in page:
        scheme = default_catalogue().scheme(claim.scheme)
        claim.scheme_name = scheme.name_zh if scheme else claim.scheme
    return render(
        request,
        "certificates/queue.html",
        {"page_obj": page, "verify": can_verify_certificate(request.user)},
    )


@roles_required(*QUEUE_ROLES)
def verification(request, claim_pk: int):
    """One claim of the queue: the number typed, the scan, and HR's decision (accept with the
    certificate as read from the scan, or refuse with a reason)."""
    claim = get_object_or_404(queue_visible_to(request.user), pk=claim_pk)
    panel = claim_panel(request.user, claim)
    initial = {
        "family": rules.family_for(claim.scheme, claim.level),
        "occupation": claim.occupation,
        "level": claim.level,
        "number": panel.get("number", ""),
        "issued_on": claim.entitlement_date,
    }
    form = CertificateForm(request.POST or None, initial=initial, person_fixed=True)
    verdict = can_verify_certificate(request.user, claim)
    if request.method == "POST":
        require(verdict)
        try:
            if request.POST.get("decision") == "refuse":
                queue_services.verification_refuse(
                    actor=request.user, claim=claim, reason=request.POST.get("reason", "")
                )
                messages.success(request, f"申领 #{claim.pk} 的证书不予认定，申领已标记为不予补贴。")
                return redirect("certificate_queue")
            if form.is_valid():
                claim = queue_services.verification_accept(
                    actor=request.user, claim=claim, **form.cleaned_data
                )
                messages.success(
                    request, f"证书已核验入库，申领 #{claim.pk} 重新审核为「{claim.get_status_display()}」。"
                )
                return redirect("certificate_queue")
        except (RuleViolation, StateConflict) as exc:
            show_error(request, exc, form)
    return render(
        request,
        "certificates/verification.html",
        {
            "claim": claim,
            "panel": panel,
            "form": form,
            "verify": verdict,
        },
    )


@require_POST
@login_required
def claim_evidence_upload(request, claim_pk: int):
    claim = get_object_or_404(claims_visible_to(request.user), pk=claim_pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择证书扫描件。")
        return redirect("claim_detail", pk=claim.pk)
    try:
        queue_services.evidence_attach(actor=request.user, claim=claim, upload=form.cleaned_data["evidence"])
    except (RuleViolation, StateConflict) as exc:
        show_error(request, exc)
    else:
        messages.success(request, "扫描件已上传，等待人社局核验。")
    return redirect("claim_detail", pk=claim.pk)

"""Pages of the certificate register: the list (filters, .xlsx export), an entry, registering one or by
.xlsx (assessment institutions, HR), HR's 待核验证书 queue with one decision per claim, the scan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.certificates import evidence as evidence_files
from skillup.certificates import rules, selectors, services
from skillup.certificates.forms import CertificateForm, EvidenceForm, UploadForm
from skillup.certificates.models import Certificate
from skillup.certificates.permissions import REGISTER_ROLES, can_register_certificate, can_verify_certificate
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import xlsx_response
from skillup.exports.views import export_response, page_params
from skillup.registry.search import TOKEN, search_redirect, search_term

LIST_ROLES = (Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.ASSESSOR, Role.TRAINEE)
HR = (Role.HR, Role.HR_ADMIN)


@roles_required(*LIST_ROLES)
def certificate_list(request):
    if response := search_redirect(request, field="person"):
        return response
    term = search_term(request, field="person")
    filters = {k: request.GET.get(k, "").strip() for k in selectors.FILTERS}
    qs = selectors.certificate_list(request.user, **filters, person_hash=term.id_hash)
    if request.GET.get("format") == "xlsx":
        params = page_params(request)
        params.pop(TOKEN, None)  # the search token lives in the session; the job gets its hash
        if term.id_hash:
            params["person_hash"] = term.id_hash
        return export_response(request, "certificates.list", params)
    return render(
        request,
        "certificates/certificate_list.html",
        {
            "page_obj": paginate(request, qs),
            "filters": filters,
            "search": term,
            "sources": Certificate.Source.choices,
            "register": can_register_certificate(request.user),
        },
    )


@roles_required(*LIST_ROLES)
def certificate_detail(request, pk: int):
    cert = get_object_or_404(selectors.certificates_visible_to(request.user), pk=pk)
    evidence = None
    if cert.evidence_id:
        evidence = selectors.evidence_visible_to(request.user).filter(pk=cert.evidence_id).first()
    return render(request, "certificates/certificate_detail.html", {"cert": cert, "evidence": evidence})


@roles_required(*REGISTER_ROLES)
def certificate_new(request):
    hr = request.user.role in HR
    form = CertificateForm(request.POST or None, with_issuer=hr)
    if request.method == "POST" and form.is_valid():
        try:
            cert = services.certificate_register(actor=request.user, **form.cleaned_data)
        except (RuleViolation, StateConflict) as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, f"证书 {cert.number} 已登记入证书库。")
            return redirect("certificate_detail", pk=cert.pk)
    return render(request, "certificates/certificate_form.html", {"form": form, "hr": hr})


@roles_required(*REGISTER_ROLES)
def certificate_import(request):
    hr = request.user.role in HR
    if request.GET.get("template"):
        return xlsx_response("证书登记模板.xlsx", services.template(provincial=hr))
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > 20 * 1024 * 1024:
                raise RuleViolation("文件超过 20 MB，请拆分后上传", field="file")
            result = services.certificates_import(actor=request.user, content=upload.read())
        except RuleViolation as exc:
            errors = [str(e) for e in exc.errors]
        except StateConflict as exc:
            errors = [exc.message]
        else:
            messages.success(
                request,
                f"已导入证书 {result['added']} 条，新登记人员 {result['people_registered']} 人。",
            )
            return redirect("certificate_list")
    return render(request, "certificates/certificate_import.html", {"form": form, "errors": errors, "hr": hr})


@roles_required(*selectors.QUEUE_ROLES)
def queue(request):
    from skillup.policy.catalogue import default_catalogue

    page = paginate(request, selectors.queue_visible_to(request.user))
    for claim in page:
        scheme = default_catalogue().scheme(claim.scheme)
        claim.scheme_name = scheme.name_zh if scheme else claim.scheme
    return render(
        request,
        "certificates/queue.html",
        {"page_obj": page, "verify": can_verify_certificate(request.user)},
    )


@roles_required(*selectors.QUEUE_ROLES)
def verification(request, claim_pk: int):
    """One claim of the queue: the number typed, the scan, and HR's decision (accept with the
    certificate as read from the scan, or refuse with a reason)."""
    claim = get_object_or_404(selectors.queue_visible_to(request.user), pk=claim_pk)
    panel = selectors.claim_panel(request.user, claim)
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
                services.verification_refuse(
                    actor=request.user, claim=claim, reason=request.POST.get("reason", "")
                )
                messages.success(request, f"申领 #{claim.pk} 的证书不予认定，申领已标记为不予补贴。")
                return redirect("certificate_queue")
            if form.is_valid():
                claim = services.verification_accept(actor=request.user, claim=claim, **form.cleaned_data)
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
    from skillup.subsidies.selectors import claims_visible_to

    claim = get_object_or_404(claims_visible_to(request.user), pk=claim_pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择证书扫描件。")
        return redirect("claim_detail", pk=claim.pk)
    try:
        services.evidence_attach(actor=request.user, claim=claim, upload=form.cleaned_data["evidence"])
    except (RuleViolation, StateConflict) as exc:
        show_error(request, exc)
    else:
        messages.success(request, "扫描件已上传，等待人社局核验。")
    return redirect("claim_detail", pk=claim.pk)


@login_required
def evidence_file(request, pk: int):
    """The scan, only to those who may see it (404 otherwise); never a public URL."""
    ev = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    path = evidence_files.path_of(ev.stored_name)
    if not path.is_file():
        raise Http404
    response = HttpResponse(path.read_bytes(), content_type=ev.content_type)  # ≤ 10 MB by the upload rule
    response["Content-Disposition"] = (
        f'inline; filename="evidence-{ev.pk}.{ev.stored_name.rsplit(".", 1)[-1]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

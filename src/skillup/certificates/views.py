"""Pages of the certificate register: the list (filters, .xlsx export), an entry, registering one or by
.xlsx (assessment institutions, HR), the scan (the 待核验证书 queue's pages are subsidies/views_verification.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from skillup.accounts.roles import Role
from skillup.certificates import evidence as evidence_files
from skillup.certificates import selectors, services
from skillup.certificates.forms import CertificateForm, UploadForm
from skillup.certificates.models import Certificate
from skillup.certificates.permissions import REGISTER_ROLES, can_register_certificate
from skillup.core.errors import RuleViolation, StateConflict
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

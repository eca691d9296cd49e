"""Pages of the lifelong record: the trainee's own (phone-first) and its PDF and share links, HR's and an
institution's view of a person's record, HR's history import, and the public page of a share link."""

import base64
import hashlib

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.throttle import client_ip
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import xlsx_response
from skillup.core.xlsx_import import MAX_UPLOAD
from skillup.records import selectors, services
from skillup.records.forms import ShareForm, UploadForm
from skillup.records.pdf import record_pdf
from skillup.records.selectors import record_of

HR = (Role.HR, Role.HR_ADMIN)
PENDING = "records.pending_import"
PENDING_MAX = 5 * 1024 * 1024  # a previewed file waits in the session for the confirmation


def _pdf_response(record) -> HttpResponse:
    response = HttpResponse(record_pdf(record), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="record-{record.person.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@roles_required(Role.TRAINEE)
def my_record(request):
    if not request.user.person_id:
        raise Http404
    record = selectors.record_visible_to(request.user, request.user.person_id)
    return render(request, "records/record.html", {"record": record, "mine": True})


@roles_required(Role.TRAINEE)
def my_record_pdf(request):
    if not request.user.person_id:
        raise Http404
    return _pdf_response(selectors.record_visible_to(request.user, request.user.person_id))


@roles_required(*HR, Role.INSTITUTION)
def person_record(request, pk: int):
    record = selectors.record_visible_to(request.user, pk)
    return render(request, "records/record.html", {"record": record, "mine": False})


@roles_required(*HR, Role.INSTITUTION)
def person_record_pdf(request, pk: int):
    return _pdf_response(selectors.record_visible_to(request.user, pk))


@roles_required(Role.INSTITUTION)
def institution_people(request):
    qs = selectors.people_with_records_for_institution(request.user)
    return render(request, "records/institution_people.html", {"page_obj": paginate(request, qs)})


@roles_required(Role.TRAINEE)
def share_list(request):
    form = ShareForm(request.POST or None)
    new_url = None
    if request.method == "POST" and form.is_valid():
        try:
            _link, token = services.share_create(actor=request.user, **form.cleaned_data)
        except (RuleViolation, NotAllowed) as exc:
            show_error(request, exc, form)
        else:
            new_url = request.build_absolute_uri(reverse("records:shared", args=[token]))
            messages.success(request, "分享链接已创建。链接只显示这一次，请现在复制发给对方。")
            form = ShareForm()
    links = selectors.shares_of(request.user)
    return render(
        request,
        "records/shares.html",
        {"form": form, "links": links, "new_url": new_url, "now": timezone.now()},
    )


@require_POST
@roles_required(Role.TRAINEE)
def share_revoke(request, pk: int):
    link = get_object_or_404(selectors.shares_of(request.user), pk=pk)
    try:
        services.share_revoke(actor=request.user, link=link)
    except (NotAllowed, StateConflict) as exc:
        show_error(request, exc)
    else:
        messages.success(request, "分享链接已撤销，对方将无法再打开。")
    return redirect("records:shares")


def shared_record(request, token: str):
    """Public: what the trainee shared, nothing more (masked identity, no phone, subsidy amounts only if
    ticked). Expired or revoked: 410 with a plain page; unknown: 404."""
    link, state = services.share_open(
        token, ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")
    )
    if state == "unknown":
        return render(request, "records/shared_gone.html", {"state": state}, status=404)
    if state != "ok":
        return render(request, "records/shared_gone.html", {"state": state, "link": link}, status=410)
    record = record_of(link.person)
    response = render(request, "records/shared.html", {"record": record, "link": link})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@roles_required(*HR)
def history_import(request):
    if request.GET.get("template"):
        return xlsx_response("历史培训记录导入模板.xlsx", services.template())
    form = UploadForm(request.POST or None, request.FILES or None)
    preview = None
    errors: list[str] = []
    if request.method == "POST" and request.POST.get("confirm"):
        pending = request.session.get(PENDING)
        if not pending or pending.get("sha256") != request.POST.get("sha256"):
            messages.error(request, "预览已失效，请重新上传文件并预览。")
            return redirect("records:import")
        content = base64.b64decode(pending["content"])
        try:
            result = services.history_import(
                actor=request.user, content=content, dry_run=False, file_name=pending.get("name", "")
            )
        except RuleViolation as exc:
            errors = [str(e) for e in exc.errors]
        except StateConflict as exc:
            errors = [exc.message]
        else:
            del request.session[PENDING]
            messages.success(request, f"已导入历史培训记录 {result.count} 条。")
            return redirect("records:import")
        form = UploadForm()
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        request.session.pop(PENDING, None)  # a new upload replaces whatever waited for confirmation
        try:
            if upload.size > MAX_UPLOAD:
                raise RuleViolation("文件超过 20 MB，请拆分后上传", field="file")
            content = upload.read()
            preview = services.history_import(
                actor=request.user, content=content, dry_run=True, file_name=upload.name
            )
        except RuleViolation as exc:
            errors = [str(e) for e in exc.errors]
        else:
            errors = [str(e) for e in preview.errors]
            if not preview.error_count:
                if len(content) > PENDING_MAX:
                    errors = ["预览通过，但文件超过 5 MB，无法暂存待确认，请拆分为多个文件导入"]
                    preview = None
                else:
                    request.session[PENDING] = {
                        "content": base64.b64encode(content).decode(),
                        "sha256": hashlib.sha256(content).hexdigest(),
                        "name": upload.name[:200],
                    }
    return render(
        request,
        "records/import.html",
        {
            "form": form,
            "preview": preview,
            "errors": errors,
            "pending": request.session.get(PENDING) if preview and not preview.error_count else None,
            "batches": selectors.recent_batches(),
        },
    )

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from skillup.accounts import audit_labels, exports, permissions, selectors, services, sms
from skillup.accounts.forms import ApiTokenForm, ApiTokenRevokeForm
from skillup.core import xlsx
from skillup.core.errors import RuleViolation
from skillup.core.permissions import require
from skillup.core.web import paginate, show_error


@login_required
def profile(request):
    new_token = None
    form = ApiTokenForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            form = ApiTokenForm(request.POST)
            if form.is_valid():
                try:
                    new_token = services.api_token_create(user=request.user, **form.cleaned_data)
                except RuleViolation as exc:
                    show_error(request, exc, form)
                else:
                    form = ApiTokenForm()
                    messages.success(request, "令牌已创建，请立即复制保存，离开本页后将无法再次查看。")
        elif action == "revoke":
            revoke = ApiTokenRevokeForm(request.POST)
            if not revoke.is_valid():
                raise Http404
            token = get_object_or_404(selectors.tokens_of(request.user), pk=revoke.cleaned_data["token"])
            services.api_token_revoke(token=token, actor=request.user)
            messages.success(request, "令牌已吊销。")
            return redirect("profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "tokens": selectors.tokens_of(request.user),
            "new_token": new_token,
            "form": form,
            "now": timezone.now(),
        },
    )


@login_required
def audit_list(request):
    require(permissions.can_read_audit_log(request.user))
    if request.GET.get("format") == "xlsx":
        _total, rows = exports.audit_rows(request.user, request.GET)
        content = xlsx.build_workbook(title="审计日志", headers=exports.AUDIT_HEADERS, rows=rows)
        return xlsx.xlsx_response("审计日志.xlsx", content)
    page_obj = paginate(request, selectors.audit_filtered(request.user, request.GET))
    entries = [
        {
            "entry": e,
            "action": audit_labels.action_label(e.action),
            "object_type": audit_labels.object_type_label(e.object_type),
            "changes": audit_labels.changes_of(e.object_type, e.changes),
        }
        for e in page_obj
    ]
    return render(
        request,
        "accounts/audit_list.html",
        {
            "page_obj": page_obj,
            "entries": entries,
            "actions": audit_labels.action_choices(),
            "object_types": selectors.audit_object_types(request.user),
        },
    )


def sms_outbox(request):
    """DEBUG only: the messages the log backend "sent" (one-time codes while developing and in the demo).
    With DEBUG off this page does not exist (404), whatever the backend."""
    if not settings.DEBUG:
        raise Http404
    return render(request, "accounts/sms_outbox.html", {"messages_sent": sms.outbox()})

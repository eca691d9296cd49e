from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from skillup.accounts import selectors, services, sms
from skillup.accounts.roles import Role
from skillup.core.web import paginate, roles_required


@login_required
def profile(request):
    new_token = None
    if request.method == "POST":
        if request.POST.get("action") == "create":
            new_token = services.api_token_create(user=request.user, name=request.POST.get("name", ""))
            messages.success(request, "令牌已创建，请立即复制保存，离开本页后将无法再次查看。")
        elif request.POST.get("action") == "revoke":
            token = get_object_or_404(selectors.tokens_of(request.user), pk=request.POST.get("token") or 0)
            services.api_token_revoke(token=token, actor=request.user)
            messages.success(request, "令牌已吊销。")
            return redirect("profile")
    return render(
        request,
        "accounts/profile.html",
        {"tokens": selectors.tokens_of(request.user), "new_token": new_token},
    )


@roles_required(Role.HR_ADMIN, Role.AUDITOR)
def audit_list(request):
    qs = selectors.audit_entries_visible_to(request.user, object_id=request.GET.get("object_id", "").strip())
    action = request.GET.get("action", "").strip()
    if action:
        qs = qs.filter(action__startswith=action)
    return render(request, "accounts/audit_list.html", {"page_obj": paginate(request, qs)})


def sms_outbox(request):
    """DEBUG only: the messages the log backend "sent" (one-time codes while developing and in the demo).
    With DEBUG off this page does not exist (404), whatever the backend."""
    if not settings.DEBUG:
        raise Http404
    return render(request, "accounts/sms_outbox.html", {"messages_sent": sms.outbox()})

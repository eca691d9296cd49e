"""Public pages of the credentials (keys, status list, verification, shared links) and the holder's and
HR's pages. Thin: the services and selectors decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from skillup.core import throttle
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.web import show_error
from skillup.records import selectors_credentials as sel
from skillup.records import services_credentials as svc

PUBLIC_CACHE = "public, max-age=3600"


def _json(data, cache=PUBLIC_CACHE, content_type="application/json"):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False}, content_type=content_type)
    response["Cache-Control"] = cache
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def jwks(request):
    return _json(svc.jwks(), content_type="application/jwk-set+json")


@require_GET
def did(request):
    return _json(svc.did_document(), content_type="application/did+json")


@require_GET
def status_list(request, list_id: str):
    if list_id != svc.STATUS_LIST_ID:
        return HttpResponse("未找到该状态列表", status=404, content_type="text/plain; charset=utf-8")
    signed = svc.status_list_jws()
    if signed is None:
        return HttpResponse(
            "本区尚未签发凭证，状态列表为空", status=404, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(signed, content_type="application/vc+jwt")
    response["Cache-Control"] = "public, max-age=300"  # a revocation shows within five minutes
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _qr(url: str) -> str:
    from skillup.training.attendance import qr_svg

    return qr_svg(url)


@require_GET
def verify_page(request, public_id: str):
    try:
        throttle.check("credentials_verify", throttle.client_ip(request))
    except throttle.Throttled as exc:
        return HttpResponse(str(exc), status=429, content_type="text/plain; charset=utf-8")
    throttle.hit("credentials_verify", throttle.client_ip(request))
    credential = sel.public_credential(public_id)
    if credential is None:
        return render(request, "records/credential_verify.html", {"state": "unknown"}, status=404)
    summary = sel.public_summary(credential)
    context = {"s": summary, **svc.state_of(credential)}  # the one verdict, as the API and the CLI give it
    return render(request, "records/credential_verify.html", context)


@require_GET
def qr(request, public_id: str):
    credential = sel.public_credential(public_id)
    if credential is None:
        return HttpResponse("未找到", status=404, content_type="text/plain; charset=utf-8")
    return HttpResponse(_qr(svc.verify_url(public_id)), content_type="image/svg+xml")


@require_GET
def shared(request, token: str):
    share = sel.live_share(token)
    if share is None:
        return render(request, "records/credential_shared.html", {"share": None}, status=404)
    svc.share_view(share, throttle.client_ip(request))
    summary = sel.public_summary(share.credential, shared=True)
    return render(
        request,
        "records/credential_shared.html",
        {
            "share": share,
            "s": summary,
            **svc.state_of(share.credential),
            "verify_url": svc.verify_url(share.credential.public_id),
            "jws": share.credential.jws,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def credential_list(request):
    if request.method == "POST":
        try:
            count = svc.credentials_issue_missing(request.user)
            messages.success(request, f"已签发 {count} 份凭证")
        except (RuleViolation, StateConflict, NotAllowed) as exc:
            show_error(request, exc)
        return redirect("credentials:list")
    page = Paginator(
        sel.credential_list(request.user, request.GET.get("q", ""), request.GET.get("state", "")), 50
    ).get_page(request.GET.get("page"))
    return render(request, "records/credential_list.html", {"page": page, "q": request.GET.get("q", "")})


@login_required
@require_GET
def download(request, public_id: str):
    credential = sel.credential_for(request.user, public_id)
    response = HttpResponse(credential.jws, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="credential-{public_id}.jwt"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, public_id: str):
    """The holder's or HR's page of one credential: QR, download, share links (holder), revoke (HR)."""
    credential = sel.credential_for(request.user, public_id)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "revoke":
                svc.credential_revoke(request.user, credential, request.POST.get("reason", ""))
            elif action == "share":
                try:
                    days = int(request.POST.get("days") or 30)
                except ValueError:
                    days = 0
                svc.share_create(request.user, credential, days)
            elif action == "unshare":
                share = (
                    sel.shares_of(request.user, credential).filter(pk=request.POST.get("share") or 0).first()
                )
                if share is not None:
                    svc.share_revoke(request.user, share)
            return redirect("credentials:detail", public_id=public_id)
        except (RuleViolation, StateConflict, NotAllowed) as exc:
            show_error(request, exc)
    return render(
        request,
        "records/credential_detail.html",
        {
            "credential": credential,
            "s": sel.public_summary(credential),
            **svc.state_of(credential),
            "qr": _qr(svc.verify_url(public_id)),
            "verify_url": svc.verify_url(public_id),
            "shares": sel.shares_of(request.user, credential),
            "share_base": f"{svc.base_url()}/credentials/s/",
        },
    )


@login_required
@require_POST
def case_revoke(request, code: str):
    """HR revokes the credentials a confirmed case concerns, from the case page (all or nothing)."""
    from skillup.integrity.selectors_cases import cases_visible_to

    case = get_object_or_404(cases_visible_to(request.user), code=code)
    try:
        count = svc.credentials_revoke_for_case(
            request.user, case, request.POST.getlist("credential"), request.POST.get("reason", "")
        )
        messages.success(request, f"已撤销 {count} 份证书凭证；验证时将显示“已撤销”。")
    except (RuleViolation, StateConflict, NotAllowed) as exc:
        show_error(request, exc)
    return redirect("integrity:case", code=case.code)

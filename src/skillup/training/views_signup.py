"""Pages of trainee self-registration and of binding a login to its person (issue 10 item 1): the signup
form, the one-time code page, a bound login's own proof, and HR's queue of officer-verified bindings."""

import logging

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts import sms
from skillup.accounts.roles import Role
from skillup.core import throttle
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.web import roles_required, show_error, show_rule_errors
from skillup.training import binding, selectors, signup
from skillup.training.forms import BindingApproveForm, CodeForm, SignupForm
from skillup.training.models import BindingRequest
from skillup.training.permissions import BINDING_OFFICERS

log = logging.getLogger("skillup.signup")
SESSION_KEY = "signup_request"


def _message(exc) -> str:
    return exc.message if isinstance(exc, StateConflict) else str(exc)


def _send(request, req: BindingRequest) -> None:
    try:
        signup.code_send(req=req, ip=throttle.client_ip(request))
    except (StateConflict, throttle.Throttled) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(
            request, f"验证码已发送至 {sms.mask_phone(signup.code_target(req))}，10 分钟内有效。"
        )


def signup_form(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    rule_errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            req = signup.signup_start(
                id_number=data["id_number"],
                name=data["name"],
                phone=data["phone"],
                password=data["password"],
                ip=throttle.client_ip(request),
            )
        except RuleViolation as exc:
            rule_errors += show_rule_errors(form, exc)
        except (StateConflict, throttle.Throttled) as exc:
            if isinstance(exc, throttle.Throttled):
                log.warning("signup throttled (%s) from %s", exc.scope, throttle.client_ip(request))
            rule_errors.append(_message(exc))
        else:
            request.session[SESSION_KEY] = req.pk
            if req.method == BindingRequest.Method.SMS:
                _send(request, req)
            return redirect("training_signup_verify")
    return render(request, "training/signup.html", {"form": form, "rule_errors": rule_errors})


def _pending(request) -> BindingRequest | None:
    pk = request.session.get(SESSION_KEY)
    req = BindingRequest.objects.select_related("person").filter(pk=pk).first() if pk else None
    if req is not None and req.user_id and req.user_id != getattr(request.user, "pk", None):
        return None  # an existing login's proof belongs to that login's session only
    return req


def signup_verify(request):
    req = _pending(request)
    if req is None:
        return redirect("training_signup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and req.status == BindingRequest.Status.PENDING:
        action = request.POST.get("action", "verify")
        if action == "resend":
            _send(request, req)
            return redirect("training_signup_verify")
        if action == "officer":
            try:
                signup.to_officer(req=req)
            except StateConflict as exc:
                messages.error(request, exc.message)
            return redirect("training_signup_verify")
        if form.is_valid():
            try:
                user = signup.code_verify(
                    req=req, code=form.cleaned_data["code"], ip=throttle.client_ip(request)
                )
            except RuleViolation as exc:
                show_rule_errors(form, exc)
            except (StateConflict, throttle.Throttled) as exc:
                form.add_error(None, _message(exc))
            else:
                request.session.pop(SESSION_KEY, None)
                if not request.user.is_authenticated:
                    login(request, user, backend="skillup.accounts.backends.SkillUpBackend")
                    messages.success(request, f"注册成功，登录名为手机号 {user.username}。")
                else:
                    messages.success(request, "本人核验完成。")
                return redirect("training_my_classes")
    req.refresh_from_db()
    return render(
        request,
        "training/signup_verify.html",
        {
            "req": req,
            "form": form,
            "target": sms.mask_phone(signup.code_target(req)) if signup.code_target(req) else "",
        },
    )


@require_POST
@roles_required(Role.TRAINEE)
def login_verify(request):
    """A login bound before codes existed proves its binding (the banner on 我的培训)."""
    try:
        req = signup.login_verify_start(user=request.user, ip=throttle.client_ip(request))
    except StateConflict as exc:
        messages.info(request, exc.message)
        return redirect("training_my_classes")
    request.session[SESSION_KEY] = req.pk
    if req.method == BindingRequest.Method.SMS and not req.code_hash:
        _send(request, req)
    return redirect("training_signup_verify")


@roles_required(*BINDING_OFFICERS)
def binding_queue(request):
    """HR's queue: signups waiting for an officer who sees the ID card in person."""
    waiting = selectors.bindings_waiting_for(request.user)
    forms, status = {}, 200
    if request.method == "POST":
        req = get_object_or_404(waiting, pk=request.POST.get("request") or 0)
        if request.POST.get("action") == "refuse":
            try:
                binding.binding_refuse(actor=request.user, req=req, reason=request.POST.get("reason", ""))
            except (RuleViolation, StateConflict) as exc:
                show_error(request, exc)
            else:
                messages.success(request, f"已拒绝 {req.name} 的账号绑定申请。")
            return redirect("training_binding_queue")
        form = BindingApproveForm(request.POST)
        if form.is_valid():
            try:
                user = binding.binding_approve(
                    actor=request.user, req=req, id_number=form.cleaned_data["id_number"]
                )
            except RuleViolation as exc:
                show_rule_errors(form, exc)
            except StateConflict as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已核验 {req.name}，账号 {user.username} 已绑定本人档案。")
                return redirect("training_binding_queue")
        forms[req.pk] = form
        status = 400
    return render(
        request,
        "training/binding_queue.html",
        {
            "waiting": [(r, forms.get(r.pk) or BindingApproveForm()) for r in waiting],
            "decided": selectors.bindings_decided(request.user),
        },
        status=status,
    )

"""The trainee's pages: my classes, QR check-in, self-registration."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from skillup.accounts.roles import Role
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.web import roles_required, show_rule_errors
from skillup.training import attendance, selectors
from skillup.training.forms import SignupForm
from skillup.training.models import Session
from skillup.training.signup import trainee_signup
from skillup.training.views import scheme_names


@roles_required(Role.TRAINEE)
def my_classes(request):
    enrolments = selectors.my_enrolments(request.user)
    return render(request, "training/my_classes.html", {"enrolments": enrolments, "schemes": scheme_names()})


@login_required
def checkin(request, session_id, token):
    if request.user.role != Role.TRAINEE:
        raise PermissionDenied("扫码签到只能由学员本人使用学员账号完成")
    session = get_object_or_404(Session.objects.select_related("klass", "klass__institution"), pk=session_id)
    done = error = None
    if request.method == "POST":
        try:
            done = attendance.qr_checkin(
                actor=request.user,
                session=session,
                token=token,
                source_ip=request.META.get("REMOTE_ADDR"),
                user_agent=request.headers.get("User-Agent", ""),
            )
        except (RuleViolation, StateConflict) as exc:
            error = exc.errors[0].message if isinstance(exc, RuleViolation) else exc.message
        except PermissionError as exc:
            raise PermissionDenied(str(exc)) from None
    elif not attendance.qr_token_valid(session, token):
        error = "二维码已过期，请重新扫描教室屏幕上的二维码。"
    return render(request, "training/checkin.html", {"session": session, "done": done, "error": error})


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    rule_errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = trainee_signup(
                id_number=data["id_number"], name=data["name"], phone=data["phone"], password=data["password"]
            )
        except RuleViolation as exc:
            rule_errors += show_rule_errors(form, exc)
        except StateConflict as exc:
            rule_errors.append(exc.message)
        else:
            login(request, user, backend="skillup.accounts.backends.SkillUpBackend")
            messages.success(request, f"注册成功，登录名为手机号 {user.username}。")
            return redirect("training_my_classes")
    return render(request, "training/signup.html", {"form": form, "rule_errors": rule_errors})

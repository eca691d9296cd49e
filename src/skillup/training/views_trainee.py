"""The trainee's pages: my classes, QR check-in (self-registration: views_signup)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from skillup.accounts.binding import binding_verified
from skillup.accounts.roles import Role
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.web import roles_required
from skillup.training import attendance, selectors
from skillup.training.models import Session
from skillup.training.views import scheme_names


@roles_required(Role.TRAINEE)
def my_classes(request):
    enrolments = selectors.my_enrolments(request.user)
    return render(
        request,
        "training/my_classes.html",
        {
            "enrolments": enrolments,
            "schemes": scheme_names(),
            "verified": binding_verified(request.user),
        },
    )


@login_required
def checkin(request, session_id, token):
    if request.user.role != Role.TRAINEE:
        raise NotAllowed("扫码签到只能由学员本人使用学员账号完成")
    session = get_object_or_404(Session.objects.select_related("klass", "klass__institution"), pk=session_id)
    done = error = None
    status = 200
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
        except NotAllowed as exc:
            error, status = str(exc), 403  # the refusal is audited by the service
    elif not attendance.qr_token_valid(session, token):
        error = "二维码已过期，请重新扫描教室屏幕上的二维码。"
    return render(
        request, "training/checkin.html", {"session": session, "done": done, "error": error}, status=status
    )

"""The trainee's pages: my classes, QR check-in (self-registration: views_signup)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from skillup.accounts.binding import binding_verified
from skillup.accounts.roles import Role
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict, page_messages
from skillup.core.permissions import require
from skillup.core.web import roles_required
from skillup.policy.catalogue import scheme_names
from skillup.training import attendance, selectors
from skillup.training.models import Session
from skillup.training.permissions import can_check_in


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
    """The page the classroom code opens on the trainee's phone: the class, the session, one button.
    Signed in already (now or earlier) → the success state without the button."""
    require(can_check_in(request.user))
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
                device=request.device_id,
            )
        except (RuleViolation, StateConflict) as exc:
            error = page_messages(exc)[0]
        except NotAllowed as exc:
            error, status = exc.message, 403  # the refusal is audited by the service
    already = done is None and attendance.checked_in(request.user, session)
    if already:
        error = None
    elif done is None and error is None and not attendance.qr_token_valid(session, token):
        error = "二维码已过期，请重新扫描教室屏幕上的二维码。"
    return render(
        request,
        "training/checkin.html",
        {"session": session, "done": done, "already": already, "error": error},
        status=status,
    )

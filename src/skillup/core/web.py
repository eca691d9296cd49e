"""Small helpers shared by the views of every app."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator

from skillup.core.errors import NotAllowed, RuleViolation, page_messages


def roles_required(*roles):
    """The view is for these roles only; any other role gets 403 (the role may never do this)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise NotAllowed()
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def paginate(request, qs, per_page: int = 50):
    paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))


def show_error(request, exc, form=None) -> None:
    """The one way a page shows a service error (RuleViolation, StateConflict, NotAllowed): problems that
    name a field of `form` go on that field; every other message becomes a page message (core/errors.py
    `page_messages`), so the page says what to fix and that nothing was saved."""
    if form is not None and isinstance(exc, RuleViolation):
        rest = [e for e in exc.errors if e.field not in form.fields or e.row is not None]
        for error in exc.errors:
            if error not in rest:
                form.add_error(error.field, error.message)
        if not rest:
            return
        exc = RuleViolation(rest)
    for line in page_messages(exc):
        messages.error(request, line)


def show_rule_errors(form, exc) -> list[str]:
    """Puts a RuleViolation's messages on the form fields they name; returns the rest for the page top
    (for pages that render their errors inline rather than as messages)."""
    rest = []
    for error in exc.errors:
        if error.field in form.fields and error.row is None:
            form.add_error(error.field, error.message)
        else:
            rest.append(str(error))
    return rest

"""Small helpers shared by the views of every app."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator


def roles_required(*roles):
    """The view is for these roles only; any other role gets 403 (the role may never do this)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def paginate(request, qs, per_page: int = 50):
    paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))


def show_rule_errors(form, exc) -> list[str]:
    """Puts a RuleViolation's messages on the form fields they name; returns the rest for the page top."""
    rest = []
    for error in exc.errors:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            rest.append(str(error))
    return rest

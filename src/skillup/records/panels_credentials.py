"""Credentials' sections on other apps' pages (core.registry `panels`), scoped by the same selectors as
the credentials pages: on the person page, the person's credentials (HR; the holder); on a confirmed
integrity case, the live credentials of the certificates it concerns, with HR's revoke form."""

from django.template.loader import render_to_string

from skillup.records import selectors_credentials as sel
from skillup.records import services_credentials as svc
from skillup.registry.models import Person


def panels(request, obj) -> list[str]:
    from skillup.integrity.models import Case

    if isinstance(obj, Case):
        return _case(request, obj)
    if not isinstance(obj, Person):
        return []
    rows = list(sel.credentials_visible(request.user).filter(person=obj).order_by("-issued_at", "-id"))
    if not rows:
        return []
    for row in rows:
        row.state = svc.state_of(row)["state"]
    return [render_to_string("records/_person_credentials.html", {"rows": rows}, request=request)]


def _case(request, case) -> list[str]:
    rows = list(sel.case_credentials(request.user, case))
    if not rows:
        return []
    context = {"rows": rows, "case": case}
    return [render_to_string("records/_case_credentials.html", context, request=request)]

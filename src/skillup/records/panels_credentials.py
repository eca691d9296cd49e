"""Credentials' section on the person page (core.registry `panels`): the person's credentials, to whoever
may see them (HR; the holder) — scoped by the same selector as the credentials pages."""

from django.template.loader import render_to_string

from skillup.records import selectors_credentials as sel
from skillup.registry.models import Person


def panels(request, obj) -> list[str]:
    if not isinstance(obj, Person):
        return []
    rows = list(sel.credentials_visible(request.user).filter(person=obj).order_by("-issued_at", "-id"))
    if not rows:
        return []
    return [render_to_string("records/_person_credentials.html", {"rows": rows}, request=request)]

"""The institution's credit on the filing page (through integrity/panels.py, core/registry.py `object_panels`): HR reads it before it
approves or renews a filing; the institution sees its own. Nobody else gets the panel."""

from django.template.loader import render_to_string

from skillup.integrity.credit import RULES, credit_visible_to


def panel(request, institution) -> str:
    if institution is None:
        return ""
    record = credit_visible_to(request.user, institution)
    if record is None:
        return ""
    return render_to_string("integrity/_credit_panel.html", {"r": record, "rules": RULES}, request=request)

"""Integrity's section on the class, claim and person pages (core.registry `panels`, issue 11 item 2).

Those pages live in apps below integrity, which never import it; they show `{% object_panels obj %}` and
this module answers for the objects it knows. The findings shown are the reader's own scope
(selectors.findings_visible_to): HR and the auditor see every finding, with a note when there is none; a
department or an institution sees the panel only when a finding in its scope stands on the object. On a
claim the panel lists what can hold its money (its own, its class's and its person's findings) and, when
the money is held, the reasons (integrity/holds.py, the one rule finance and the batches read). On an
institution (the registry's filing page) it is the institution's credit record.
"""

from django.template.loader import render_to_string

from skillup.integrity import credit_panel, holds, selectors
from skillup.integrity.permissions import can_read_findings
from skillup.registry.models import Organisation, OrgKind, Person
from skillup.subsidies.models import Claim
from skillup.training.models import TrainingClass


def panels(request, obj) -> list[str]:
    user = request.user
    held: list[str] = []
    if isinstance(obj, TrainingClass):
        subject, findings = "class", selectors.findings_of_class(user, obj)
    elif isinstance(obj, Claim):
        subject, findings = "claim", selectors.findings_of_claim(user, obj)
        if findings:
            held = holds.holds([obj]).get(obj.pk, [])
    elif isinstance(obj, Person):
        subject, findings = "person", selectors.findings_of_person(user, obj)
    elif isinstance(obj, Organisation) and obj.kind == OrgKind.INSTITUTION:
        # An institution's credit record, where its filing is decided (credit_panel.py).
        html = credit_panel.panel(request, obj)
        return [html] if html else []
    else:
        return []
    if not findings and not can_read_findings(user):
        return []
    context = {"findings": findings, "holds": held, "subject": subject}
    return [render_to_string("integrity/_panel.html", context, request=request)]

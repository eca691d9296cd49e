"""The record's link on the person page (core.registry `panels`): HR, and an institution that trained the
person, get a way to the lifelong record."""

from django.urls import reverse
from django.utils.html import format_html

from skillup.accounts.roles import Role
from skillup.records.panels_credentials import panels as credentials_panels
from skillup.registry.models import Person
from skillup.training.models import Enrolment


def panels(request, obj) -> list[str]:
    return [*_record_link(request, obj), *credentials_panels(request, obj)]


def _record_link(request, obj) -> list[str]:
    if not isinstance(obj, Person):
        return []
    user = request.user
    ok = user.role in (Role.HR, Role.HR_ADMIN) or (
        user.role == Role.INSTITUTION
        and Enrolment.objects.filter(person=obj, klass__institution_id=user.organisation_id).exists()
    )
    if not ok:
        return []
    return [
        format_html(
            '<div class="su-card small"><strong>终身职业技能培训档案</strong> '
            '<a href="{}">查看档案</a> · <a href="{}">下载 PDF</a></div>',
            reverse("records:person", args=[obj.pk]),
            reverse("records:person_pdf", args=[obj.pk]),
        )
    ]

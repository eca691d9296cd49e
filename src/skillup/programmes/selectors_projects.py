"""Reads of the leadership and farmer programmes (第4、5条), scoped: district-wide roles see all, a
department its own (another department's programme is 404)."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from skillup.accounts.roles import DISTRICT_WIDE, Role
from skillup.programmes.models_projects import Project, ProjectParticipant

DONE = (ProjectParticipant.Outcome.COMPLETED, ProjectParticipant.Outcome.CERTIFIED)


def projects_visible_to(user) -> QuerySet[Project]:
    qs = Project.objects.select_related("department")
    if user.role in DISTRICT_WIDE:
        return qs
    if user.role == Role.DEPT and user.organisation_id:
        return qs.filter(department_id=user.organisation_id)
    return qs.none()


def project_list(user, *, kind: str = "", year: str = "", status: str = "") -> QuerySet[Project]:
    qs = projects_visible_to(user).annotate(
        people=Count("participants", distinct=True),
        done=Count("participants", filter=Q(participants__outcome__in=DONE), distinct=True),
    )
    if kind:
        qs = qs.filter(kind=kind)
    if year.isdigit():
        qs = qs.filter(year=int(year))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-year", "-start_date", "-id")


def report_rows(department_id: int | None, first: dt.date, last: dt.date) -> list[dict]:
    """For a department's report (or the district's with None): each programme active in [first, last] with
    the people who joined in it, those who completed in it, and the totals so far."""
    qs = Project.objects.filter(start_date__lte=last, end_date__gte=first)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    qs = qs.annotate(
        joined=Count("participants", filter=Q(participants__joined_on__range=(first, last)), distinct=True),
        completed=Count(
            "participants",
            filter=Q(participants__outcome__in=DONE, participants__outcome_on__range=(first, last)),
            distinct=True,
        ),
        people=Count("participants", distinct=True),
    ).order_by("kind", "name")
    return [
        {
            "name": p.name,
            "kind": p.get_kind_display(),
            "clause": p.clause,
            "joined": p.joined,
            "completed": p.completed,
            "people": p.people,
            "planned": p.planned,
        }
        for p in qs
    ]

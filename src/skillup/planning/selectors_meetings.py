"""Reads of coordination (第19条, 附件3 一), scoped to the acting user: the bureaus and the auditor see every
meeting and task; a department sees the meetings it attended or was given a task by, and its own tasks
and annual reports."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from skillup.accounts.roles import Role
from skillup.accounts.scoping import scope
from skillup.planning import permissions, targets
from skillup.planning.models import AnnualReport, Meeting, MeetingTask
from skillup.planning.selectors import reporting_departments
from skillup.registry.models import Organisation

FILED_ANNUAL = (AnnualReport.Status.SUBMITTED, AnnualReport.Status.REVIEWED, AnnualReport.Status.RETURNED)


def meetings_visible_to(user) -> QuerySet:
    qs = Meeting.objects.annotate(
        task_count=Count("tasks", distinct=True),
        open_count=Count("tasks", filter=Q(tasks__status=MeetingTask.Status.OPEN), distinct=True),
    )
    return scope(qs, user, department="departments|tasks__owner")


def meetings_filtered(user, params) -> QuerySet:
    qs = meetings_visible_to(user)
    kind = params.get("kind", "")
    if kind in Meeting.Kind.values:
        qs = qs.filter(kind=kind)
    year = str(params.get("year", "")).strip()
    if year.isdigit():
        qs = qs.filter(held_on__year=int(year))
    return qs.order_by("-held_on", "-id")


def tasks_visible_to(user) -> QuerySet:
    return scope(MeetingTask.objects.select_related("meeting", "owner"), user, department="owner")


def meeting_tasks(user, meeting: Meeting) -> QuerySet:
    """A meeting's tasks as the user may see them (a department sees all decisions of a meeting it was
    at — the minutes are shared — but acts only on its own)."""
    return MeetingTask.objects.filter(meeting=meeting).select_related("owner").order_by("due_on", "id")


def overdue_tasks(user, today: dt.date) -> list[MeetingTask]:
    """Open tasks past their deadline, oldest first, each with `days_overdue` (one query)."""
    tasks = list(
        tasks_visible_to(user)
        .filter(status=MeetingTask.Status.OPEN, due_on__lt=today)
        .order_by("due_on", "id")
    )
    for t in tasks:
        t.days_overdue = (today - t.due_on).days
    return tasks


def open_tasks_of(user) -> QuerySet:
    """The open tasks of the user's own unit (the home page's card)."""
    if user.organisation_id is None:
        return MeetingTask.objects.none()
    return MeetingTask.objects.filter(owner_id=user.organisation_id, status=MeetingTask.Status.OPEN)


def task_owners() -> QuerySet:
    """The units a meeting can be attended by and a task given to: the bureaus and the departments."""
    return Organisation.objects.filter(kind__in=permissions.TASK_OWNER_KINDS).order_by("kind", "code")


# -- annual reports ---------------------------------------------------------------------------------------


def annual_reports_visible_to(user) -> QuerySet:
    return scope(AnnualReport.objects.select_related("department"), user, department="department")


def annual_reports_listed(user) -> QuerySet:
    """The annual reports shown above the monthly ones on the report list (fifteen a year at most)."""
    return annual_reports_visible_to(user).order_by("-year", "department__code")[:100]


def annual_reports_awaiting(user) -> QuerySet:
    if user.role not in (Role.HR, Role.HR_ADMIN):
        return AnnualReport.objects.none()
    return annual_reports_visible_to(user).filter(status=AnnualReport.Status.SUBMITTED)


def own_annual_report(user, year: int) -> AnnualReport | None:
    if user.role != Role.DEPT or user.organisation_id is None:
        return None
    return AnnualReport.objects.filter(department_id=user.organisation_id, year=year).first()


def overdue_annual_reports(user, today: dt.date) -> list[dict]:
    """Departments that have not submitted a year's report by its deadline: [{department, year, due, days}]
    (2 queries)."""
    depts = list(scope(reporting_departments(), user, department="pk"))
    years = [y for y in targets.annual_report_years(today) if targets.annual_report_due(y) < today]
    if not depts or not years:
        return []
    filed = set(
        AnnualReport.objects.filter(
            department__in=depts, year__in=years, first_submitted_on__isnull=False
        ).values_list("department_id", "year")
    )
    out = []
    for y in reversed(years):
        due = targets.annual_report_due(y)
        for d in depts:
            if (d.pk, y) not in filed:
                out.append({"department": d, "year": y, "due": due, "days": (today - due).days})
    return out

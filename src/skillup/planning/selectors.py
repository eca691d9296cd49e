"""Reads of plans and reports, scoped to the acting user: a department sees its own, HR and Finance all."""

import datetime as dt

from django.db.models import Count, F, Q, QuerySet, Sum

from skillup.accounts.roles import Role
from skillup.accounts.scoping import scope
from skillup.planning import targets
from skillup.planning.models import AnnualPlan, MonthlyReport, PlanLine
from skillup.registry.models import Organisation, OrgKind

# Who may read plans and reports at all; a department reads only its own (scope()).
READERS = frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT})
SUBMITTED = (MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.SUPERSEDED)
FILED = (AnnualPlan.Status.SUBMITTED, AnnualPlan.Status.ACKNOWLEDGED)


def plans_visible_to(user) -> QuerySet:
    qs = AnnualPlan.objects.select_related("department").annotate(
        total_budget=Sum("lines__budget"),
        total_person_times=Sum("lines__person_times"),
        line_count=Count("lines"),
    )
    return scope(qs, user, department="department")


def reports_visible_to(user) -> QuerySet:
    return scope(MonthlyReport.objects.select_related("department"), user, department="department")


def departments_visible_to(user) -> QuerySet:
    qs = Organisation.objects.filter(kind=OrgKind.DEPARTMENT).order_by("code")
    return scope(qs, user, department="pk")


def reporting_departments() -> QuerySet:
    """The competent departments that file plans and reports (annex 1: fifteen of them)."""
    return Organisation.objects.filter(kind=OrgKind.DEPARTMENT).order_by("code")


def current_report(department, month: dt.date) -> MonthlyReport | None:
    """The live version (draft or submitted) of a department's report on a month."""
    return (
        MonthlyReport.objects.filter(
            department=department,
            month=month,
            status__in=[MonthlyReport.Status.DRAFT, MonthlyReport.Status.SUBMITTED],
        )
        .order_by("-version")
        .first()
    )


def overdue_reports(user, today: dt.date, departments: QuerySet | None = None) -> list[dict]:
    """Reports whose deadline has passed with no submission: [{department, month, due, days}] (2 queries)."""
    depts = list(
        departments if departments is not None else scope(reporting_departments(), user, department="pk")
    )
    months = targets.due_months(today)
    if not depts or not months:
        return []
    done = set(
        MonthlyReport.objects.filter(
            department__in=depts, month__gte=months[0], status__in=SUBMITTED
        ).values_list("department_id", "month")
    )
    out = []
    for month in reversed(months):
        for d in depts:
            if (d.pk, month) not in done:
                due = targets.report_due(month)
                out.append({"department": d, "month": month, "due": due, "days": (today - due).days})
    return out


def overdue_plans(user, today: dt.date, year: int | None = None) -> list[dict]:
    """Departments with no plan filed for a year whose deadline has passed: [{department, year, due, days}]."""
    depts = list(scope(reporting_departments(), user, department="pk"))
    years = [y for y in targets.years() if (year is None or y == year) and targets.plan_due(y) < today]
    if not depts or not years:
        return []
    filed = set(
        AnnualPlan.objects.filter(department__in=depts, year__in=years, status__in=FILED).values_list(
            "department_id", "year"
        )
    )
    out = []
    for y in reversed(years):
        due = targets.plan_due(y)
        for d in depts:
            if (d.pk, y) not in filed:
                out.append({"department": d, "year": y, "due": due, "days": (today - due).days})
    return out


def plans_awaiting(user) -> QuerySet:
    """Plans waiting for this user's bureau to acknowledge them."""
    qs = plans_visible_to(user).filter(status=AnnualPlan.Status.SUBMITTED)
    if user.role in (Role.HR, Role.HR_ADMIN):
        return qs.filter(hr_ack_on__isnull=True)
    if user.role == Role.FINANCE:
        return qs.filter(finance_ack_on__isnull=True)
    return qs.none()


def late_q() -> Q:
    """First submitted after the deadline (the 5th of the next month for reports, 31 January for plans)."""
    return Q(first_submitted_on__gt=F("due_on"))


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def plans_filtered(user, params) -> QuerySet:
    """The plan list's filters (page, export): year, status, late, department code."""
    qs = plans_visible_to(user).order_by("-year", "department__code")
    year = _int(params.get("year"))
    if year:
        qs = qs.filter(year=year)
    return _status_late_department(qs, params, AnnualPlan.Status.values)


def _status_late_department(qs: QuerySet, params, statuses) -> QuerySet:
    """The filters plans and reports share: a known status, late only, a department code."""
    status = params.get("status", "")
    if status in statuses:
        qs = qs.filter(status=status)
    if params.get("late"):
        qs = qs.filter(late_q())
    dept = params.get("department", "")
    if dept:
        qs = qs.filter(department__code=dept)
    return qs


def reports_filtered(user, params) -> QuerySet:
    """The report list's filters (page, export): month (YYYY-MM; a bad one is a RuleViolation), status,
    late, department code."""
    from skillup.planning.services import parse_month

    qs = reports_visible_to(user).order_by("-month", "department__code", "-version")
    month = params.get("month", "")
    if month:
        qs = qs.filter(month=parse_month(month))
    return _status_late_department(qs, params, MonthlyReport.Status.values)


def own_plan(user, year: int) -> AnnualPlan | None:
    """A department officer's own plan of a year (None for other roles or when there is none)."""
    if user.role != Role.DEPT:
        return None
    return AnnualPlan.objects.filter(department_id=user.organisation_id, year=year).first()


def plan_that_counts(department_id: int, year: int) -> AnnualPlan | None:
    """The plan that counts for a department's year: the acknowledged one (备案), or None. The dashboard,
    the ranking and the demo's budgets all ask this one question."""
    return AnnualPlan.objects.filter(
        department_id=department_id, year=year, status=AnnualPlan.Status.ACKNOWLEDGED
    ).first()


def plans_that_count(year: int) -> dict[int, AnnualPlan]:
    """{department id: acknowledged plan} for a year, in one query."""
    qs = AnnualPlan.objects.filter(year=year, status=AnnualPlan.Status.ACKNOWLEDGED)
    return {p.department_id: p for p in qs}


def counted_plan_lines(year: int) -> QuerySet:
    """The lines of the plans that count (acknowledged by both bureaus) in a year: what the dashboard's
    planned figures, the ranking's completion and budget execution, and the budgets are measured against.
    A plan still waiting for one bureau does not count yet, on every page alike."""
    return PlanLine.objects.filter(plan__year=year, plan__status=AnnualPlan.Status.ACKNOWLEDGED)

"""Reads of the training app, scoped to the acting user: an institution sees its own classes, a
department the classes it is competent for, a trainee the classes they are on; HR, finance and auditors
see all. Anything else is simply not found (404)."""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from skillup.accounts.scoping import scope
from skillup.training.models import Attendance, Enrolment, Result, Session, TrainingClass


def classes_visible_to(user) -> QuerySet[TrainingClass]:
    qs = TrainingClass.objects.select_related("institution", "department", "employer")
    return scope(
        qs, user, institution="institution_id", department="department_id", person="enrolments__person_id"
    )


def with_counts(qs: QuerySet[TrainingClass]) -> QuerySet[TrainingClass]:
    return qs.annotate(
        enrolled=Count("enrolments", distinct=True),
        passed=Count("enrolments__result", filter=Q(enrolments__result__passed=True), distinct=True),
        assessed=Count("enrolments__result", distinct=True),
    )


def class_counts(klass: TrainingClass) -> dict:
    enrolments = Enrolment.objects.filter(klass=klass)
    results = Result.objects.filter(enrolment__klass=klass)
    attendance = Attendance.objects.filter(enrolment__klass=klass)
    return {
        "enrolled": enrolments.count(),
        "sessions": Session.objects.filter(klass=klass).count(),
        "attendance_events": attendance.count(),
        "low_trust_events": attendance.filter(low_trust=True).count(),
        "assessed": results.count(),
        "passed": results.filter(passed=True).count(),
    }


def roster(klass: TrainingClass) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(klass=klass)
        .select_related("person", "result")
        .annotate(
            attended=Sum("attendance__hours"),
            low_trust_hours=Sum("attendance__hours", filter=Q(attendance__low_trust=True)),
        )
        .order_by("id")
    )


def attended_hours(klass: TrainingClass, enrolment_ids=None) -> dict[int, Decimal]:
    qs = Attendance.objects.filter(enrolment__klass=klass)
    if enrolment_ids is not None:
        qs = qs.filter(enrolment_id__in=enrolment_ids)
    rows = qs.values("enrolment_id").annotate(total=Sum("hours"))
    return {r["enrolment_id"]: r["total"] or Decimal("0") for r in rows}


def my_enrolments(user) -> QuerySet[Enrolment]:
    if not user.is_authenticated or user.person_id is None:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(person_id=user.person_id)
        .select_related("klass", "klass__institution", "result")
        .annotate(attended=Sum("attendance__hours"))
        .order_by("-klass__start_date")
    )


def results_visible_to(user) -> QuerySet[Result]:
    """Assessment results through their class's owner (institution, competent department) or the trainee;
    claims are built from the passed ones (`.filter(passed=True)`)."""
    qs = Result.objects.select_related("enrolment__klass", "enrolment__person")
    return scope(
        qs,
        user,
        institution="enrolment__klass__institution_id",
        department="enrolment__klass__department_id",
        person="enrolment__person_id",
    )


def recent_attendance(klass: TrainingClass, limit: int = 100) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(enrolment__klass=klass)
        .select_related("enrolment__person")
        .order_by("-date", "-id")[:limit]
    )


def bindings_waiting_for(user) -> QuerySet:
    """HR's queue of signups waiting for an officer to see the ID card (issue 10 item 1); nobody else's."""
    from skillup.training.models import BindingRequest
    from skillup.training.permissions import is_binding_officer

    if not is_binding_officer(user):
        return BindingRequest.objects.none()
    return BindingRequest.objects.filter(
        method=BindingRequest.Method.OFFICER, status=BindingRequest.Status.PENDING
    ).select_related("person", "user")


def bindings_decided(user, limit: int = 50) -> QuerySet:
    from skillup.training.models import BindingRequest
    from skillup.training.permissions import is_binding_officer

    if not is_binding_officer(user):
        return BindingRequest.objects.none()
    return (
        BindingRequest.objects.filter(method=BindingRequest.Method.OFFICER)
        .exclude(status=BindingRequest.Status.PENDING)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")[:limit]
    )


def classes_filtered(user, params) -> QuerySet[TrainingClass]:
    """The class list's filters (page, export and API share them): status, scheme, year, q (occupation
    or class code). `params`: the request's GET (or any mapping)."""
    qs = with_counts(classes_visible_to(user))
    status = (params.get("status") or "").strip()
    if status in TrainingClass.Status.values:
        qs = qs.filter(status=status)
    if scheme := (params.get("scheme") or "").strip():
        qs = qs.filter(scheme=scheme)
    year = str(params.get("year") or "").strip()
    if year.isdigit():
        qs = qs.filter(start_date__year=int(year))
    if q := (params.get("q") or "").strip():
        qs = qs.filter(Q(occupation__icontains=q) | Q(code__icontains=q))
    return qs.order_by("-start_date", "-id")


def approvals_waiting(user) -> QuerySet[TrainingClass]:
    """The department's queue: submitted classes it is the competent department for."""
    if user.organisation_id is None:
        return TrainingClass.objects.none()
    return (
        with_counts(classes_visible_to(user))
        .filter(status=TrainingClass.Status.SUBMITTED, department_id=user.organisation_id)
        .order_by("start_date", "id")
    )


def class_schemes(institution_id: int | None) -> list[dict]:
    """The schemes a class can be opened for by this institution: catalogue schemes its current approved
    filing covers (a class needs a filing item for its scheme on its dates), in catalogue order."""
    from skillup.policy import catalogue
    from skillup.registry.selectors_filing import current_filing_items

    if institution_id is None:
        return []
    filed = set(current_filing_items(institution_id).values_list("scheme", flat=True))
    return [s for s in catalogue.schemes() if s["code"] in filed]


def approval_records(user, params=None) -> QuerySet[TrainingClass]:
    """The department's class decisions for the approvals export: every class it is the competent
    department for, waiting or decided (optional `status`, `year` as on the class list)."""
    if user.organisation_id is None:
        return TrainingClass.objects.none()
    params = params or {}
    qs = classes_visible_to(user).filter(department_id=user.organisation_id).select_related("decided_by")
    status = (params.get("status") or "").strip()
    if status in TrainingClass.Status.values:
        qs = qs.filter(status=status)
    year = str(params.get("year") or "").strip()
    if year.isdigit():
        qs = qs.filter(start_date__year=int(year))
    return qs.order_by("-submitted_at", "-id")

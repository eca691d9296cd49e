"""Reads of the elite programme (第8条), scoped: district-wide roles see everything; an enterprise or a
department the nominations it made (and how its people did); a partner institution its cohorts. Anything
else is 404."""

from django.db.models import Count, Q, QuerySet

from skillup.accounts.roles import DISTRICT_WIDE, Role
from skillup.programmes import elite
from skillup.programmes.models_elite import EliteCohort, EliteMember, EliteNomination, EliteRound

NOMINATORS = (Role.ENTERPRISE, Role.DEPT)
VIEWERS = (*DISTRICT_WIDE, *NOMINATORS, Role.INSTITUTION)
COUNTED = Q(outcome__in=(EliteMember.Outcome.ENROLLED, EliteMember.Outcome.COMPLETED))


def rounds_visible_to(user) -> QuerySet[EliteRound]:
    return EliteRound.objects.all() if user.role in VIEWERS else EliteRound.objects.none()


def round_list(user) -> QuerySet[EliteRound]:
    mine = Q() if user.role in DISTRICT_WIDE else Q(nominations__nominator_id=user.organisation_id or 0)
    return (
        rounds_visible_to(user)
        .annotate(
            nominated=Count("nominations", filter=mine, distinct=True),
            approved=Count("nominations", filter=Q(nominations__status="approved"), distinct=True),
            members=Count("cohorts__members", filter=Q(cohorts__members__outcome__in=("enrolled", "completed")), distinct=True),
        )
        .order_by("-year", "kind", "-id")
    )  # fmt: skip


def nominations_visible_to(user) -> QuerySet[EliteNomination]:
    qs = EliteNomination.objects.select_related("round", "person", "nominator", "employer", "member__cohort")
    if user.role in DISTRICT_WIDE:
        return qs
    if user.role in NOMINATORS and user.organisation_id:
        return qs.filter(nominator_id=user.organisation_id)
    return qs.none()


def nomination_list(user, *, round_id: int | None = None, status: str = "") -> QuerySet[EliteNomination]:
    qs = nominations_visible_to(user)
    if round_id:
        qs = qs.filter(round_id=round_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-round__year", "round__kind", "id")


def cohorts_visible_to(user) -> QuerySet[EliteCohort]:
    qs = EliteCohort.objects.select_related("round", "institution")
    if user.role in DISTRICT_WIDE:
        return qs
    if user.role == Role.INSTITUTION and user.organisation_id:
        return qs.filter(institution_id=user.organisation_id)
    return qs.none()


def cohort_list(user, *, round_id: int | None = None) -> QuerySet[EliteCohort]:
    qs = cohorts_visible_to(user).annotate(
        people=Count("members", distinct=True),
        completed=Count("members", filter=Q(members__outcome="completed"), distinct=True),
    )
    if round_id:
        qs = qs.filter(round_id=round_id)
    return qs.order_by("-start_date", "-id")


def members_visible_to(user) -> QuerySet[EliteMember]:
    qs = EliteMember.objects.select_related(
        "cohort__round",
        "cohort__institution",
        "person",
        "nomination__employer",
        "nomination__nominator",
        "claim",
    )
    if user.role in DISTRICT_WIDE:
        return qs
    if user.role == Role.INSTITUTION and user.organisation_id:
        return qs.filter(cohort__institution_id=user.organisation_id)
    if user.role in NOMINATORS and user.organisation_id:
        return qs.filter(nomination__nominator_id=user.organisation_id)
    return qs.none()


def people_trained() -> int:
    """Distinct people in a cohort who did not drop out: what 第8条's "三年累计研修200人左右" counts."""
    return EliteMember.objects.filter(COUNTED).values("person_id").distinct().count()


def progress() -> dict:
    goal = elite.target()
    people = people_trained()
    by_kind = dict(
        EliteMember.objects.filter(COUNTED)
        .values("cohort__round__kind")
        .annotate(n=Count("person", distinct=True))
        .values_list("cohort__round__kind", "n")
        .order_by()
    )
    return {
        "people": people,
        "target": goal["people"],
        "clause": goal["clause"],
        "percent": round(100 * people / goal["people"]) if goal["people"] else None,
        "by_kind": [(k, by_kind.get(k, 0)) for k in EliteRound.Kind.values],
    }

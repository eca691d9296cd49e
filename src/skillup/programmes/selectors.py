"""Reads of the programmes, scoped to the acting user: district-wide roles see every studio, a host's
staff their own, anyone else nothing (404). The public list shows named studios only."""

from django.db.models import Count, Prefetch, Q, QuerySet

from skillup.accounts.roles import DISTRICT_WIDE, Role
from skillup.programmes.models import Studio, StudioReview


def studios_visible_to(user) -> QuerySet[Studio]:
    qs = Studio.objects.select_related("host", "master")
    if user.role in DISTRICT_WIDE:
        return qs
    if user.role in (Role.ENTERPRISE, Role.INSTITUTION) and user.organisation_id:
        return qs.filter(host_id=user.organisation_id)
    return qs.none()


def studio_list(user, *, status: str = "", level: str = "", q: str = "") -> QuerySet[Studio]:
    qs = studios_visible_to(user).annotate(review_count=Count("reviews")).order_by("-applied_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(host__name__icontains=q) | Q(occupation__icontains=q))
    return qs


def studio_detail(user, pk: int) -> Studio:
    """The studio with its reviews, or Studio.DoesNotExist for anything out of scope (the view's 404)."""
    reviews = Prefetch("reviews", queryset=StudioReview.objects.select_related("rated_by"))
    return studios_visible_to(user).prefetch_related(reviews).get(pk=pk)


def studios_public() -> QuerySet[Studio]:
    """Named studios, for the public list (第18条, 第21条 publicity): no identity data."""
    latest = Prefetch(
        "reviews", queryset=StudioReview.objects.exclude(rating="").order_by("-year"), to_attr="rated"
    )
    return (
        Studio.objects.filter(status=Studio.Status.NAMED)
        .select_related("host", "master")
        .prefetch_related(latest)
        .order_by("level", "name")
    )


def reviews_to_rate(user) -> QuerySet[StudioReview]:
    if user.role not in (Role.HR, Role.HR_ADMIN):
        return StudioReview.objects.none()
    return StudioReview.objects.filter(rating="").select_related("studio", "studio__host")


def dashboard_figures(user) -> dict:
    """What the district dashboard shows of the programmes where the plan sets a target: the pilot
    enterprises of the business year against "逐年新增3-4家" (第10条), the named skill-master studios
    (第18条), the people in elite cohorts against "三年累计研修200人左右" (第8条) and the award winners of
    drills and district competitions, the high-skill talent they produce (第12条)."""
    from skillup.programmes import elite, registers, selectors_competitions, selectors_elite

    years = registers.pilot_years(user)
    this_year = next((y for y in years if y["current"]), None)
    goal = registers.targets()["pilot_growth"]
    return {
        "pilots_year": this_year["count"] if this_year else 0,
        "pilots_total": years[-1]["total"] if years else 0,
        "pilot_goal": f"{goal['per_year_min']}–{goal['per_year_max']}",
        "pilot_clause": goal["clause"],
        "studios_named": Studio.objects.filter(status=Studio.Status.NAMED).count(),
        "elite_people": selectors_elite.people_trained(),
        "elite_target": elite.target()["people"],
        "elite_clause": elite.target()["clause"],
        "competitions": selectors_competitions.talent_figures(),
    }


def competition_talent(year: int | None = None) -> dict:
    """The award winners of published drills and district competitions (第12条), for the talent statistics."""
    from skillup.programmes import selectors_competitions

    return selectors_competitions.talent_figures(year)

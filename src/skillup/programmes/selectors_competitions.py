"""Reads of the competitions (第12条), scoped: district-wide roles see every event; an enterprise its own
drills; a department its own district competitions (HR's are kept by HR). Anything else is 404. The public
results page reads only published events, with the names masked; the talent figures count the award
winners (获奖选手) of published events, the way the dashboard reads the other programmes."""

from django.db.models import Count, Q, QuerySet

from skillup.accounts.roles import DISTRICT_WIDE, Role
from skillup.programmes.models_competitions import CompetitionEvent, Contestant
from skillup.records.selectors_credentials import mask_name

ORGANISERS = (Role.ENTERPRISE, Role.DEPT)
VIEWERS = (*DISTRICT_WIDE, *ORGANISERS)
# 第12条: "经企业岗位练兵、技能竞赛活动产生的高级工" — a winner at these levels counts as high-skill talent.
HIGH_LEVELS = ("高级", "技师", "高级技师")


def events_visible_to(user) -> QuerySet[CompetitionEvent]:
    qs = CompetitionEvent.objects.select_related("organiser", "host", "claim")
    if user.role in DISTRICT_WIDE:
        return qs
    if user.role in ORGANISERS and user.organisation_id:
        return qs.filter(organiser_id=user.organisation_id)
    return qs.none()


def event_list(user, *, kind: str = "", year: int | None = None) -> QuerySet[CompetitionEvent]:
    qs = events_visible_to(user).annotate(
        people=Count("contestants", distinct=True),
        winners=Count("contestants", filter=~Q(contestants__award=""), distinct=True),
    )
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(held_on__year=year)
    return qs.order_by("-held_on", "-id")


def contestants_of(event: CompetitionEvent) -> QuerySet[Contestant]:
    """The event's contestants, ranked first (by rank, then as registered), the unscored last."""
    return (
        event.contestants.select_related("person", "employer")
        .annotate(unranked=Q(rank__isnull=True))
        .order_by("unranked", "rank", "id")
    )


def contestants_visible_to(user) -> QuerySet[Contestant]:
    qs = Contestant.objects.select_related("event__organiser", "person", "employer")
    if user.role in DISTRICT_WIDE:
        return qs
    if user.role in ORGANISERS and user.organisation_id:
        return qs.filter(event__organiser_id=user.organisation_id)
    return qs.none()


def public_events() -> QuerySet[CompetitionEvent]:
    return (
        CompetitionEvent.objects.filter(status=CompetitionEvent.Status.PUBLISHED)
        .select_related("organiser", "host")
        .order_by("-published_on", "-id")
    )


def public_results(event: CompetitionEvent) -> list[dict]:
    """What the public page shows of a published event: rank, award, masked name and employer only."""
    return [
        {
            "rank": c.rank,
            "award": c.award,
            "name": mask_name(c.person.name),
            "employer": c.employer.name if c.employer_id else "",
            "score": c.score,
        }
        for c in contestants_of(event).filter(rank__isnull=False)
    ]


def winners() -> QuerySet[Contestant]:
    return Contestant.objects.filter(event__status=CompetitionEvent.Status.PUBLISHED).exclude(award="")


def talent_figures(year: int | None = None) -> dict:
    """Award winners of published events (distinct people), those of senior level and above among them
    (第12条: the 高级工 drills and competitions produce), and the events held, for the dashboard."""
    qs = winners()
    events = CompetitionEvent.objects.filter(status=CompetitionEvent.Status.PUBLISHED)
    if year:
        qs = qs.filter(event__held_on__year=year)
        events = events.filter(held_on__year=year)
    return {
        "winners": qs.values("person_id").distinct().count(),
        "high_skill_winners": qs.filter(event__level__in=HIGH_LEVELS).values("person_id").distinct().count(),
        "events": events.count(),
        "clause": "第12条",
    }

"""Reads of the supermarket's offers. The public sees published offers only; an institution's staff see
their own in any state; HR, finance and auditors every offer. Anything else is 404 (DoesNotExist).

Search (第17条): text over `search_text` — PostgreSQL answers `contains` (LIKE '%…%') from the pg_trgm
GIN index of migration 0002, SQLite with a plain LIKE — and filters on occupation, level, town, dates and
price."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Prefetch, Q, QuerySet

from skillup.accounts.roles import DISTRICT_WIDE, Role
from skillup.market import towns
from skillup.market.models import Offer, OfferPhoto
from skillup.policy.model import LEVELS

MAX_Q = 50


def _base() -> QuerySet[Offer]:
    return Offer.objects.select_related("institution").prefetch_related(
        Prefetch("photos", queryset=OfferPhoto.objects.order_by("id"))
    )


def offers_public() -> QuerySet[Offer]:
    return _base().filter(status=Offer.Status.PUBLISHED)


def offers_managed_by(user) -> QuerySet[Offer]:
    """The offers a user manages: an institution its own (every state), HR and the read-only district roles
    all of them."""
    qs = _base().select_related("unpublished_by")
    if user.role in DISTRICT_WIDE:
        return qs
    if user.role == Role.INSTITUTION and user.organisation_id:
        return qs.filter(institution_id=user.organisation_id)
    return qs.none()


def offer_for(user, pk: int) -> Offer:
    """A published offer for anyone; the user's managed one in any state; else Offer.DoesNotExist."""
    public = offers_public().filter(pk=pk).first()
    if public is not None:
        return public
    if getattr(user, "is_authenticated", False):
        return offers_managed_by(user).get(pk=pk)
    raise Offer.DoesNotExist


@dataclass(frozen=True)
class Search:
    q: str = ""
    occupation: str = ""
    level: str = ""
    town: str = ""
    scheme: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    status: str = ""  # managed lists only

    @property
    def any(self) -> bool:
        return any(v not in ("", None) for v in self.__dict__.values())


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value or "").strip()) if value else None
    except ValueError:
        return None


def _money(value) -> Decimal | None:
    try:
        amount = Decimal(str(value).strip()) if value not in (None, "") else None
    except InvalidOperation:
        return None
    return amount if amount is not None and amount.is_finite() and 0 <= amount <= 10**7 else None


def search_from(params) -> Search:
    """The filters of a query string; anything malformed is ignored rather than an error (a search box)."""
    level = str(params.get("level") or "").strip()
    town = str(params.get("town") or "").strip()
    status = str(params.get("status") or "").strip()
    return Search(
        q=str(params.get("q") or "").strip()[:MAX_Q],
        occupation=str(params.get("occupation") or "").strip()[:MAX_Q],
        level=level if level in LEVELS else "",
        town=town if town in towns.TOWNS else "",
        scheme=str(params.get("scheme") or "").strip()[:40],
        date_from=_date(params.get("date_from")),
        date_to=_date(params.get("date_to")),
        price_min=_money(params.get("price_min")),
        price_max=_money(params.get("price_max")),
        status=status if status in Offer.Status.values else "",
    )


def apply_search(qs: QuerySet[Offer], s: Search) -> QuerySet[Offer]:
    if s.q:
        for word in s.q.lower().split()[:5]:
            qs = qs.filter(search_text__contains=word)
    if s.occupation:
        qs = qs.filter(occupation__icontains=s.occupation)
    if s.level:
        qs = qs.filter(level=s.level)
    if s.town:
        qs = qs.filter(town=s.town)
    if s.scheme:
        qs = qs.filter(scheme=s.scheme)
    # Dates: a dated offer starting in the window; an offer that opens when enough people join matches any.
    if s.date_from:
        qs = qs.filter(Q(start_date__gte=s.date_from) | Q(start_date__isnull=True))
    if s.date_to:
        qs = qs.filter(Q(start_date__lte=s.date_to) | Q(start_date__isnull=True))
    if s.price_min is not None:
        qs = qs.filter(price__gte=s.price_min)
    if s.price_max is not None:
        qs = qs.filter(price__lte=s.price_max)
    if s.status:
        qs = qs.filter(status=s.status)
    return qs


def offer_search(s: Search) -> QuerySet[Offer]:
    return apply_search(offers_public(), s).order_by("-published_at", "-id")


def offers_managed(user, s: Search) -> QuerySet[Offer]:
    return apply_search(offers_managed_by(user), s).order_by("-created_at", "-id")


@dataclass(frozen=True)
class InstitutionRecord:
    """The institution's past classes from SkillUp's own data (training), and its credit (integrity)."""

    classes_finished: int
    trainees: int
    results: int
    passed: int
    credit: object | None  # integrity.credit.CreditRecord, for those who may read it
    public_credit: object  # integrity.credit.PublicCredit: the decided facts, for everyone

    @property
    def pass_rate(self) -> str:
        if not self.results:
            return "—"
        return f"{Decimal(self.passed * 100) / Decimal(self.results):.1f}%"


def institution_record(user, institution) -> InstitutionRecord:
    from skillup.integrity.credit import credit_visible_to, public_credit
    from skillup.training.models import Result, TrainingClass

    finished = TrainingClass.objects.filter(
        institution_id=institution.pk, status=TrainingClass.Status.FINISHED
    ).aggregate(n=Count("id"), trainees=Count("enrolments", distinct=True))
    results = Result.objects.filter(
        enrolment__klass__institution_id=institution.pk,
        enrolment__klass__status=TrainingClass.Status.FINISHED,
    ).aggregate(n=Count("id"), passed=Count("id", filter=Q(passed=True)))
    credit = credit_visible_to(user, institution) if getattr(user, "is_authenticated", False) else None
    return InstitutionRecord(
        classes_finished=finished["n"],
        trainees=finished["trainees"],
        results=results["n"],
        passed=results["passed"],
        credit=credit,
        public_credit=public_credit(institution),
    )


def filing_choices(user) -> list[dict]:
    """What the institution may publish today: each current filing item and level (第1条)."""
    from skillup.policy import catalogue
    from skillup.registry.selectors_filing import current_filing_items

    if user.role != Role.INSTITUTION or not user.organisation_id:
        return []
    names = catalogue.scheme_names()
    levels_of = {s["code"]: s["levels"] for s in catalogue.schemes()}
    found = []
    for item in current_filing_items(user.organisation_id):
        levels = item.level_list or levels_of.get(item.scheme) or [""]
        for level in levels:
            label = " ".join(x for x in (names.get(item.scheme, item.scheme), item.occupation, level) if x)
            found.append(
                {
                    "value": f"{item.scheme}|{item.occupation}|{level}",
                    "label": label,
                    "valid_until": item.filing.valid_until,
                }
            )
    return found


def person_history(user):
    """The signed-in trainee's person and their subsidy history, or (None, ()) for anyone else."""
    from skillup.subsidies.selectors import subsidy_history

    if not getattr(user, "is_authenticated", False) or user.role != Role.TRAINEE or not user.person_id:
        return None, ()
    return user.person, tuple(subsidy_history(user.person_id))

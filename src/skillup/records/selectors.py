"""Reading the lifelong record: `record_of(person)` assembles it (a fixed number of queries, whatever the
length of the record); `record_visible_to(user, person_id)` is the record as that user may see it."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from skillup.accounts.roles import Role
from skillup.certificates.models import Certificate, Family
from skillup.records.models import HistoricalEntry, ShareLink
from skillup.registry.models import Person
from skillup.subsidies.models import Claim
from skillup.training.models import Enrolment

HR_ROLES = (Role.HR, Role.HR_ADMIN)
PK_MAX = 2**63 - 1
# Skill levels, lowest first (the old and the new names); the record shows the highest reached.
LEVEL_ORDER = ["初级", "五级", "中级", "四级", "高级", "三级", "技师", "二级", "高级技师", "一级"]


@dataclass
class ClassEntry:
    klass_id: int
    code: str
    institution: str
    institution_id: int
    occupation: str
    level: str
    start_date: object
    end_date: object
    planned_hours: int
    attended_hours: Decimal
    result: str  # 合格 / 不合格 / 未考核
    certificate: Certificate | None


@dataclass
class Record:
    person: Person
    scope: str  # "full" (the person, HR) or "institution" (only the parts from its own classes)
    classes: list[ClassEntry] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    history: list[HistoricalEntry] = field(default_factory=list)

    @property
    def level_reached(self) -> str:
        levels = [c.level for c in self.certificates if c.family == Family.SKILL_LEVEL and c.level]
        levels += [c.level for c in self.certificates if c.family == Family.QUALIFICATION and c.level]
        levels += [h.level for h in self.history if h.certificate_no and h.level]
        ranked = [lv for lv in levels if lv in LEVEL_ORDER]
        return max(ranked, key=LEVEL_ORDER.index) if ranked else ""

    @property
    def total_hours(self) -> Decimal:
        hours = sum((c.attended_hours for c in self.classes), Decimal("0"))
        hours += sum((h.hours or Decimal("0") for h in self.history), Decimal("0"))
        return hours

    @property
    def paid_total(self) -> Decimal:
        return sum((c.amount for c in self.claims if c.status == Claim.Status.PAID), Decimal("0.00"))


def _one(obj, attr):
    """A reverse one-to-one that may be missing (select_related caches the absence: no query)."""
    try:
        return getattr(obj, attr)
    except ObjectDoesNotExist:
        return None


def record_of(person: Person, *, institution_id: int | None = None) -> Record:
    """The whole record of `person`, or (institution_id) only what comes from that institution's classes.
    Five queries: enrolments (with class, institution, result, certificate), attended hours, certificates,
    claims, history."""
    enrolments = Enrolment.objects.filter(person=person).select_related(
        "klass__institution", "result__certificate"
    )
    certs = Certificate.objects.filter(person=person)
    claims = Claim.objects.filter(person=person)
    history = HistoricalEntry.objects.filter(person=person)
    if institution_id is not None:
        enrolments = enrolments.filter(klass__institution_id=institution_id)
        certs = certs.filter(result__enrolment__klass__institution_id=institution_id)
        claims = claims.filter(Q(klass__institution_id=institution_id) | Q(institution_id=institution_id))
        history = history.none()
    enrolments = list(enrolments.order_by("-klass__start_date", "-id"))
    attended = dict(
        Enrolment.objects.filter(id__in=[e.id for e in enrolments])
        .annotate(h=Sum("attendance__hours"))
        .values_list("id", "h")
    )
    classes = []
    for e in enrolments:
        k = e.klass
        result = _one(e, "result")
        hours = result.attended_hours if result and result.attended_hours else attended.get(e.id)
        classes.append(
            ClassEntry(
                klass_id=k.id,
                code=k.code,
                institution=k.institution.short_name or k.institution.name,
                institution_id=k.institution_id,
                occupation=k.occupation,
                level=k.level,
                start_date=k.start_date,
                end_date=k.end_date,
                planned_hours=k.hours,
                attended_hours=Decimal(hours or 0),
                result="未考核" if result is None else ("合格" if result.passed else "不合格"),
                certificate=_one(result, "certificate") if result else None,
            )
        )
    return Record(
        person=person,
        scope="full" if institution_id is None else "institution",
        classes=classes,
        certificates=list(certs.order_by("-issued_on", "-id")),
        claims=_named(
            claims.only(
                "id",
                "scheme",
                "occupation",
                "level",
                "amount",
                "status",
                "paid_on",
                "year",
                "klass_id",
                "entitlement_date",
            ).order_by("-entitlement_date", "-id")
        ),
        history=list(history.order_by("-year", "-start_date", "-id")),
    )


def _named(claims) -> list:
    """Each claim with `scheme_name` (the catalogue's name), so an entry without an occupation still says
    what it was for."""
    from skillup.policy.catalogue import scheme_names

    names = scheme_names()
    rows = list(claims)
    for c in rows:
        c.scheme_name = names.get(c.scheme, c.scheme)
    return rows


def record_visible_to(user, person_id: int) -> Record:
    """The trainee their own record; HR every record; an institution the parts from its own classes, and
    only of people it trained; anyone else 404."""
    if not isinstance(person_id, int) or not 1 <= person_id <= PK_MAX:
        raise Http404  # a number no primary key can be (the database would overflow): not found
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    if user.role == Role.TRAINEE and user.person_id == person.pk:
        return record_of(person)
    if user.role in HR_ROLES:
        return record_of(person)
    if (
        user.role == Role.INSTITUTION
        and user.organisation_id
        and Enrolment.objects.filter(person=person, klass__institution_id=user.organisation_id).exists()
    ):
        return record_of(person, institution_id=user.organisation_id)
    raise Http404


def people_with_records_for_institution(user) -> QuerySet[Person]:
    """The people an institution trained (its institution view lists them)."""
    return (
        Person.objects.filter(enrolments__klass__institution_id=user.organisation_id)
        .distinct()
        .order_by("name", "id")
    )


def shares_of(user) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(person_id=user.person_id).prefetch_related("views")


def recent_batches(limit: int = 20):
    from skillup.records.models import ImportBatch

    return ImportBatch.objects.select_related("imported_by")[:limit]

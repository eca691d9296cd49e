"""Reads of claims, scoped to the acting user: institutions see claims from their classes, enterprises
their own, departments the claims they are competent for, trainees their own; HR, Finance and auditors all."""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from skillup.accounts.roles import Role
from skillup.accounts.scoping import scope
from skillup.registry import crypto
from skillup.registry.search import identity_number
from skillup.subsidies.models import Claim, ClaimReview


def claims_visible_to(user) -> QuerySet[Claim]:
    return scope(
        Claim.objects.all(),
        user,
        institution="institution_id",
        enterprise="enterprise_id",
        department="department_id",
        person="person_id",
    )


def claims_filter(
    qs: QuerySet[Claim], *, status="", scheme="", department="", year="", q="", klass="", id_hash=""
) -> QuerySet[Claim]:
    """`q` searches names, payees, class codes and claim numbers, or the person of a full identity number;
    `id_hash` is the keyed hash of an identity number searched for by a page (registry.search)."""
    if status:
        qs = qs.filter(status=status)
    if scheme:
        qs = qs.filter(scheme=scheme)
    if department:
        qs = qs.filter(department__code=department)
    if year and str(year).isdigit():
        qs = qs.filter(year=int(year))
    if klass:
        qs = qs.filter(klass__code=klass)
    q = (q or "").strip()
    number = identity_number(q)
    if number:
        id_hash, q = crypto.lookup_hash(number), ""
    if id_hash:
        qs = qs.filter(person__id_hash=id_hash)
    if q:
        cond = Q(payee_name__icontains=q) | Q(person__name__icontains=q) | Q(klass__code__icontains=q)
        if q.isdigit():
            cond |= Q(pk=int(q))
        qs = qs.filter(cond)
    return qs


FILTERS = ("status", "scheme", "department", "year", "q", "klass")


def claims_filtered(user, params, *, id_hash: str = "") -> QuerySet[Claim]:
    """The claims list of a page, its export, its bulk actions and the API alike: `params` holds the
    list's filters (a QueryDict or a plain dict; missing ones are empty)."""
    return claim_list(user, **{k: (params.get(k) or "").strip() for k in FILTERS}, id_hash=id_hash)


def claim_list(user, **filters) -> QuerySet[Claim]:
    return claims_filter(claims_visible_to(user), **filters).select_related(
        "person", "klass", "department", "institution", "enterprise"
    )


def claim_reviews(claim: Claim) -> QuerySet[ClaimReview]:
    return claim.reviews.select_related("actor").order_by("at", "id")


def count_and_total(qs: QuerySet[Claim]) -> tuple[int, "Decimal"]:
    """How many claims and their amount in one query (for confirmations and success messages)."""
    row = qs.order_by().aggregate(n=Count("id"), total=Sum("amount"))
    return row["n"] or 0, row["total"] or Decimal("0.00")


# One answer whether the number is not registered, or registered but not the applicant's to name
# (issue 10 item 9: the application must not tell trainees and enterprises who is registered).
UNKNOWN_PERSON = "未找到可申请的人员：个人只能为本人申请，企业只能为本单位登记的职工申请，请核对身份证号"


def claim_applicant_person(user, id_number: str):
    """The person an application names, as far as the applicant may name them: a trainee only
    themself, an enterprise the people it employs (its employees, or its employment register). Anyone
    else — registered or not — raises the same RuleViolation."""
    from skillup.core.errors import RuleViolation
    from skillup.registry.models import Person
    from skillup.registry.validators import validate_id_number

    try:
        number = validate_id_number(id_number or "")
    except ValueError as exc:
        raise RuleViolation(str(exc), field="id_number") from None
    people = Person.objects.filter(id_hash=crypto.lookup_hash(number))
    if user.role == Role.TRAINEE:
        people = people.filter(pk=user.person_id) if user.person_id else people.none()
    elif user.role == Role.ENTERPRISE and user.organisation_id:
        people = people.filter(
            Q(employer_id=user.organisation_id) | Q(employments__enterprise_id=user.organisation_id)
        )
    else:
        people = people.none()
    person = people.distinct().first()
    if person is None:
        raise RuleViolation(UNKNOWN_PERSON, field="id_number")
    return person


def subsidy_history(person_id: int):
    """The person's subsidies that count (neither rejected nor refused) as the policy engine's history
    (QUOTE.md `history`): what a new quote for them is checked against (第20条 annual limit, repeats,
    caps). The same rows the automatic checks read (subsidies/checks.py)."""
    from skillup.policy import HistoryItem
    from skillup.subsidies.checks import INACTIVE

    rows = (
        Claim.objects.filter(person_id=person_id)
        .exclude(status__in=INACTIVE)
        .order_by("entitlement_date", "id")
        .values_list("scheme", "entitlement_date", "occupation", "level", "facts", "amount")
    )
    return [
        HistoryItem(
            scheme,
            day,
            occupation or None,
            level or None,
            (facts or {}).get("months"),
            amount,
            (facts or {}).get("kind"),
        )
        for scheme, day, occupation, level, facts, amount in rows
    ]

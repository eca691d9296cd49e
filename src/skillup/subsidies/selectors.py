"""Reads of claims, scoped to the acting user: institutions see claims from their classes, enterprises
their own, departments the claims they are competent for, trainees their own; HR, Finance and auditors all."""

from django.db.models import Q, QuerySet

from skillup.accounts.scoping import scope
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
    qs: QuerySet[Claim], *, status="", scheme="", department="", year="", q="", klass=""
) -> QuerySet[Claim]:
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
    if q:
        cond = Q(payee_name__icontains=q) | Q(person__name__icontains=q) | Q(klass__code__icontains=q)
        if q.isdigit():
            cond |= Q(pk=int(q))
        qs = qs.filter(cond)
    return qs


def claim_list(user, **filters) -> QuerySet[Claim]:
    return claims_filter(claims_visible_to(user), **filters).select_related(
        "person", "klass", "department", "institution", "enterprise"
    )


def claim_reviews(claim: Claim) -> QuerySet[ClaimReview]:
    return claim.reviews.select_related("actor").order_by("at", "id")

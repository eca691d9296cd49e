"""Reads of institution filings, scoped: HR, finance, auditor and departments see all; an institution
its own."""

from django.db.models import Count, Prefetch, QuerySet

from skillup.accounts.roles import Role
from skillup.accounts.scoping import scope
from skillup.core.clock import today
from skillup.registry.models import Filing, FilingItem

WIDE = frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT})


def filings_visible_to(user) -> QuerySet[Filing]:
    qs = (
        Filing.objects.select_related("institution", "decided_by")
        .prefetch_related(Prefetch("items", queryset=FilingItem.objects.order_by("scheme", "occupation")))
        .annotate(item_count=Count("items"))
        .order_by("-submitted_at", "-id")
    )
    return scope(qs, user, institution="institution_id", wide=WIDE)


def filings_filtered(user, params) -> QuerySet[Filing]:
    """The filing list's filters: status and institution name."""
    qs = filings_visible_to(user)
    status = params.get("status", "")
    if status in Filing.Status.values:
        qs = qs.filter(status=status)
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(institution__name__icontains=q)
    return qs


def current_filing_items(institution_id: int, on=None) -> QuerySet[FilingItem]:
    on = on or today()
    return (
        FilingItem.objects.filter(
            filing__institution_id=institution_id,
            filing__status=Filing.Status.APPROVED,
            filing__valid_from__lte=on,
            filing__valid_until__gte=on,
        )
        .select_related("filing")
        .order_by("scheme", "occupation")
    )

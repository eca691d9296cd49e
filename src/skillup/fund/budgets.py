"""Department budgets: what each competent department may approve in a year.

A budget is set by HR (`source="hr"`) until annual plans exist; the planning app sets it from a
department's approved plan (`source="plan"`). An amount counts against the budget from the department's
approval on (the claim is then reserved), until it is rejected or refused.
"""

from decimal import Decimal

from django.db.models import Sum

from skillup.fund.models import Budget
from skillup.subsidies.models import Claim

S = Claim.Status
RESERVED = (S.DEPT_APPROVED, S.HR_APPROVED, S.FINANCE_APPROVED, S.IN_BATCH, S.PAID, S.PAYMENT_FAILED)


def budget_used(department, year: int, *, exclude_ids=()) -> Decimal:
    dept_id = getattr(department, "pk", department)
    qs = Claim.objects.filter(department_id=dept_id, year=year, status__in=RESERVED)
    if exclude_ids:
        qs = qs.exclude(pk__in=list(exclude_ids))
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


def used_by_department_year(pairs, *, exclude_ids=()) -> dict[tuple[int, int], Decimal]:
    """Used amounts for several (department id, year) pairs in one query."""
    pairs = set(pairs)
    if not pairs:
        return {}
    qs = Claim.objects.filter(
        department_id__in={d for d, _ in pairs}, year__in={y for _, y in pairs}, status__in=RESERVED
    )
    if exclude_ids:
        qs = qs.exclude(pk__in=list(exclude_ids))
    rows = qs.values_list("department_id", "year").annotate(s=Sum("amount"))
    used = {pair: Decimal("0.00") for pair in pairs}
    for dept_id, year, total in rows:
        if (dept_id, year) in used:
            used[(dept_id, year)] = total
    return used


def budget_remaining(department, year: int) -> Decimal | None:
    """The budget still free for approvals, or None when no budget is set for that department and year."""
    dept_id = getattr(department, "pk", department)
    budget = Budget.objects.filter(department_id=dept_id, year=year).values_list("amount", flat=True).first()
    if budget is None:
        return None
    return budget - budget_used(dept_id, year)


def lock_budgets(pairs) -> dict[tuple[int, int], Budget]:
    """SELECT … FOR UPDATE the budgets of these (department id, year) pairs, so concurrent approvals in one
    department are counted one after another."""
    pairs = set(pairs)
    if not pairs:
        return {}
    rows = (
        Budget.objects.select_for_update()
        .filter(department_id__in={d for d, _ in pairs}, year__in={y for _, y in pairs})
        .order_by("id")
    )
    return {(b.department_id, b.year): b for b in rows if (b.department_id, b.year) in pairs}

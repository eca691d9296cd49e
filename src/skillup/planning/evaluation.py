"""Yearly performance evaluation per department (annex 3 五), with the weights from data/targets.yaml.

Parts, each between 0 and 1:
- plan completion: subsidised person-times in the year ÷ person-times in the filed plan (capped at 1);
- timeliness: reports of the year's months whose deadline has passed, first submitted by the 5th ÷ due;
- budget execution: amount approved in the year ÷ the plan's budget (capped at 1);
- integrity: 1 − claims in confirmed cases ÷ claims filed, where a claim is in a confirmed case when an
  integrity case that ended "confirmed" concerns it (its own finding, its class's or its person's:
  integrity.selectors_cases.confirmed_claims_by_department).
Five queries for all departments: claims, confirmed-case findings and their claims, plans, reports.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from skillup.integrity.selectors_cases import confirmed_claims_by_department
from skillup.planning import selectors, targets
from skillup.planning.figures import APPROVED, money
from skillup.planning.models import MonthlyReport
from skillup.planning.selectors import SUBMITTED, reporting_departments
from skillup.subsidies.models import Claim

ONE = Decimal("1")


def _part(numerator, denominator) -> Decimal:
    if not denominator:
        return Decimal("0")
    return min(ONE, Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"))


def evaluate(year: int, today: dt.date) -> list[dict]:
    weights = targets.weights()
    depts = list(reporting_departments())
    ids = [d.pk for d in depts]
    claims = {
        r["department_id"]: r
        for r in Claim.objects.filter(department_id__in=ids, entitlement_date__year=year)
        .values("department_id")
        .annotate(
            filed=Count("id"),
            person_times=Count("id", filter=Q(status__in=APPROVED, person__isnull=False)),
            approved=Sum("amount", filter=Q(status__in=APPROVED)),
        )
        .order_by()
    }
    findings = confirmed_claims_by_department(year, ids)
    plans = {
        r["plan__department_id"]: r
        for r in selectors.counted_plan_lines(year)
        .filter(plan__department_id__in=ids)
        .values("plan__department_id")
        .annotate(planned=Sum("person_times"), budget=Sum("budget"))
        .order_by()
    }
    due = targets.due_months(today, year)
    on_time = {
        r["department_id"]: r["n"]
        for r in MonthlyReport.objects.filter(
            department_id__in=ids, month__in=due, status__in=SUBMITTED, first_submitted_on__lte=F("due_on")
        )
        .values("department_id")
        .annotate(n=Count("month", distinct=True))
        .order_by()
    }
    rows = []
    for d in depts:
        c = claims.get(d.pk, {})
        p = plans.get(d.pk, {})
        parts = {
            "plan_completion": _part(c.get("person_times", 0), p.get("planned")),
            "timeliness": _part(on_time.get(d.pk, 0), len(due)) if due else ONE,
            "budget_execution": _part(money(c.get("approved")), p.get("budget")),
            "integrity": ONE - _part(findings.get(d.pk, 0), c.get("filed")) if c.get("filed") else ONE,
        }
        score = sum((w * parts[k] for k, w in weights.items()), Decimal("0")) * 100
        rows.append(
            {
                "department": d,
                "code": d.code,
                "name": d.label,
                "parts": parts,
                "score": score.quantize(Decimal("0.01")),
                "planned": p.get("planned") or 0,
                "budget": money(p.get("budget")) if p else None,
                "person_times": c.get("person_times", 0),
                "approved": money(c.get("approved")),
                "reports_due": len(due),
                "reports_on_time": on_time.get(d.pk, 0),
                "claims": c.get("filed", 0),
                "findings": findings.get(d.pk, 0),
                "has_plan": bool(p),
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["code"]))
    for rank, r in enumerate(rows, start=1):
        r["rank"] = rank
    return rows

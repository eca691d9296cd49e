"""Reads of cases, scoped to the acting user (issue 11 item 4).

HR, Finance and the third-party evaluators (auditor role) see every case; a competent department the
cases of its department; an institution the cases about itself, from the moment they are opened (read
only, without the investigators' working file); nobody else any (404).

The claims a case concerns are read live from its findings: the claim of a claim finding, every claim of
a class finding's class, every claim of a person finding's person (INTEGRITY.md: a finding on a person
covers that person's claims).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from skillup.accounts.models import User
from skillup.accounts.scoping import scope
from skillup.fund.selectors import receivables_of
from skillup.integrity.models import Case, CaseEvent, Finding
from skillup.integrity.permissions import ASSIGNABLE, can_open_case
from skillup.subsidies.models import Claim

# What an institution reads of its case's history: that it was opened, its outcome and what followed.
PUBLIC_EVENTS = (
    CaseEvent.Kind.OPENED,
    CaseEvent.Kind.FINDING_ADDED,
    CaseEvent.Kind.OUTCOME,
    CaseEvent.Kind.RECOVERY,
    CaseEvent.Kind.FILING,
)


def cases_visible_to(user) -> QuerySet[Case]:
    return scope(Case.objects.all(), user, institution="institution_id", department="department_id")


def cases_filtered(user, params) -> QuerySet[Case]:
    """The case list of the page and its export: `params` holds `status` (open/closed), `outcome`,
    `mine` (1: cases assigned to the user) and `q` (code, title or institution name)."""
    qs = cases_visible_to(user).select_related("institution", "department", "assignee", "opened_by")
    if (status := (params.get("status") or "").strip()) in Case.Status.values:
        qs = qs.filter(status=status)
    if (outcome := (params.get("outcome") or "").strip()) in Case.Outcome.values:
        qs = qs.filter(outcome=outcome)
    if (params.get("mine") or "") == "1":
        qs = qs.filter(assignee_id=user.pk)
    if q := (params.get("q") or "").strip():
        qs = qs.filter(Q(code__icontains=q) | Q(title__icontains=q) | Q(institution__name__icontains=q))
    return qs.annotate(n_findings=Count("findings", distinct=True)).order_by("-opened_at", "-id")


def case_findings(case: Case) -> QuerySet[Finding]:
    return case.findings.select_related("klass", "claim", "person", "institution").order_by("-score", "id")


def case_events(case: Case, *, working_file: bool) -> QuerySet[CaseEvent]:
    qs = case.events.select_related("actor").prefetch_related("evidence")
    return qs if working_file else qs.filter(kind__in=PUBLIC_EVENTS)


def concerned(findings) -> Q | None:
    """The claims these findings concern, as one condition (None when they concern none)."""
    claim_ids, class_ids, person_ids = set(), set(), set()
    for f in findings:
        if f.subject_type == Finding.Subject.CLAIM and f.claim_id:
            claim_ids.add(f.claim_id)
        elif f.subject_type == Finding.Subject.CLASS and f.klass_id:
            class_ids.add(f.klass_id)
        elif f.subject_type == Finding.Subject.PERSON and f.person_id:
            person_ids.add(f.person_id)
    if not (claim_ids or class_ids or person_ids):
        return None
    return Q(pk__in=claim_ids) | Q(klass_id__in=class_ids) | Q(person_id__in=person_ids)


def case_claims(case: Case) -> QuerySet[Claim]:
    cond = concerned(case.findings.only("subject_type", "claim_id", "klass_id", "person_id"))
    if cond is None:
        return Claim.objects.none()
    return Claim.objects.filter(cond).select_related("person", "klass", "department").order_by("id")


def case_money(case: Case) -> list[Claim]:
    """The claims the case concerns, each with its recovery receivable (`receivable`: raised, repaid,
    balance — or None) read from the fund's journal."""
    claims = list(case_claims(case))
    owed = receivables_of([c.pk for c in claims if c.status == Claim.Status.PAID])
    for c in claims:
        c.receivable = owed.get(c.pk)
    return claims


def open_findings_for_case(user, ids) -> list[Finding]:
    """The findings HR picked for a new case (or to add to one), in the order of their scores."""
    if not can_open_case(user):
        return []
    return list(
        Finding.objects.filter(pk__in=list(ids))
        .select_related("klass", "claim", "person", "institution", "department")
        .prefetch_related("cases")
        .order_by("-score", "id")
    )


def assignees() -> QuerySet[User]:
    """Who may be assigned a case: active HR officers and third-party evaluators."""
    return User.objects.filter(role__in=ASSIGNABLE, is_active=True).order_by("role", "username")


def confirmed_claims_by_department(year: int, department_ids) -> dict[int, int]:
    """department id → how many of its claims of `year` (entitlement date) a confirmed case concerns
    (planning's evaluation reads this instead of rejected claims)."""
    findings = Finding.objects.filter(
        cases__status=Case.Status.CLOSED, cases__outcome=Case.Outcome.CONFIRMED
    ).only("subject_type", "claim_id", "klass_id", "person_id")
    cond = concerned(findings)
    if cond is None:
        return {}
    rows = (
        Claim.objects.filter(cond, department_id__in=list(department_ids), entitlement_date__year=year)
        .values("department_id")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    return {r["department_id"]: r["n"] for r in rows}

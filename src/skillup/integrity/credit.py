"""Institution credit (issue 11 item 6): a read of each filed institution's integrity record, worked out
from the findings, cases and spot checks themselves — no copy is stored, so it is always current.

The level (docs/integrity.md "Institution credit"; thresholds in integrity/engine/thresholds.py):
    D  严重失信  confirmed cases ≥ CREDIT_D_CONFIRMED_CASES (2)
    C  失信风险  a confirmed case, or ≥ 3 open flagged findings, or ≥ 2 spot checks that found a problem
    B  基本守信  at least one open flagged finding, or one spot-check problem
    A  守信      none of these
Open flagged = an engine finding still open with score ≥ 0.50 on the institution's classes or claims; a
spot-check problem counts until someone else clears its finding. Cleared findings and cases count for
nothing against the institution: they were checked and found innocent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from skillup.integrity.engine import thresholds as T
from skillup.integrity.models import FLAG, Case, Finding, SpotCheck
from skillup.integrity.permissions import can_read_credit
from skillup.registry.models import Organisation, OrgKind

LEVELS = {
    "A": ("守信", "success", "没有查实案件、未处理的高风险线索或抽查发现的问题。"),
    "B": ("基本守信", "info", "有待核实的高风险线索或抽查问题，续备案时应了解其核实进展。"),
    "C": ("失信风险", "warning", "已有查实案件或多条待核实问题，建议续备案前逐条核实并提高抽查比例。"),
    "D": ("严重失信", "danger", "多起案件查实，建议暂停备案，续备案须从严审核。"),
}

RULES = [
    ("D", f"查实案件 ≥ {T.CREDIT_D_CONFIRMED_CASES} 起"),
    (
        "C",
        f"查实案件 {T.CREDIT_C_CONFIRMED_CASES} 起，或未处理的高风险线索（风险分 ≥ {FLAG}）≥ "
        f"{T.CREDIT_C_OPEN_FLAGS} 条，或抽查发现问题 ≥ {T.CREDIT_C_SPOT_PROBLEMS} 次",
    ),
    (
        "B",
        f"未处理的高风险线索 ≥ {T.CREDIT_B_OPEN_FLAGS} 条，或抽查发现问题 ≥ {T.CREDIT_B_SPOT_PROBLEMS} 次",
    ),
    ("A", "以上情形都没有"),
]
RULE_NOTE = (
    "按从严到宽的顺序，符合哪一档即为哪一档。已核实排除的线索、未查实（排除）的案件不影响等级；"
    "抽查发现的问题在其线索被他人核实排除前计入。等级随线索、案件和抽查结果即时变化，不另行保存。"
)


@dataclass
class CreditRecord:
    institution: Organisation
    open_flags: int = 0  # engine findings, open, score ≥ FLAG
    open_low: int = 0  # open, below FLAG (shown, not counted)
    cleared: int = 0
    confirmed: int = 0
    cases_open: int = 0
    cases_confirmed: int = 0
    cases_cleared: int = 0
    spot_done: int = 0
    spot_ok: int = 0
    spot_problems: int = 0  # problem found and its finding not cleared
    spot_pending: int = 0
    reasons: list[str] = field(default_factory=list)
    level: str = "A"

    @property
    def name(self) -> str:
        return LEVELS[self.level][0]

    @property
    def colour(self) -> str:
        return LEVELS[self.level][1]

    @property
    def advice(self) -> str:
        return LEVELS[self.level][2]


def level_of(r: CreditRecord) -> tuple[str, list[str]]:
    """The level and the reasons for it, in plain Chinese with the figures."""
    if r.cases_confirmed >= T.CREDIT_D_CONFIRMED_CASES:
        return "D", [f"查实案件 {r.cases_confirmed} 起（{T.CREDIT_D_CONFIRMED_CASES} 起及以上为 D 级）"]
    why = []
    if r.cases_confirmed >= T.CREDIT_C_CONFIRMED_CASES:
        why.append(f"查实案件 {r.cases_confirmed} 起")
    if r.open_flags >= T.CREDIT_C_OPEN_FLAGS:
        why.append(f"未处理的高风险线索 {r.open_flags} 条（{T.CREDIT_C_OPEN_FLAGS} 条及以上）")
    if r.spot_problems >= T.CREDIT_C_SPOT_PROBLEMS:
        why.append(f"抽查发现问题 {r.spot_problems} 次（{T.CREDIT_C_SPOT_PROBLEMS} 次及以上）")
    if why:
        return "C", why
    if r.open_flags >= T.CREDIT_B_OPEN_FLAGS:
        why.append(f"未处理的高风险线索 {r.open_flags} 条")
    if r.spot_problems >= T.CREDIT_B_SPOT_PROBLEMS:
        why.append(f"抽查发现问题 {r.spot_problems} 次")
    if why:
        return "B", why
    return "A", [LEVELS["A"][2]]


def filed_institutions() -> QuerySet[Organisation]:
    """Institutions that have filed (备案) at least once, whatever the filing's state now."""
    return (
        Organisation.objects.filter(kind=OrgKind.INSTITUTION, filings__isnull=False)
        .distinct()
        .order_by("name")
    )


def credit_records(institutions) -> dict[int, CreditRecord]:
    """institution id → its record, for many institutions in four queries."""
    orgs = list(institutions)
    out = {o.pk: CreditRecord(o) for o in orgs}
    if not out:
        return out
    ids = list(out)
    F = Finding.Status
    engine = Q(source=Finding.Source.ENGINE)
    for row in (
        Finding.objects.filter(institution_id__in=ids)
        .values("institution_id")
        .annotate(
            open_flags=Count("id", filter=engine & Q(status=F.OPEN, score__gte=FLAG)),
            open_low=Count("id", filter=engine & Q(status=F.OPEN, score__lt=FLAG)),
            cleared=Count("id", filter=Q(status=F.CLEARED)),
            confirmed=Count("id", filter=Q(status=F.CONFIRMED)),
        )
    ):
        r = out[row["institution_id"]]
        r.open_flags, r.open_low = row["open_flags"], row["open_low"]
        r.cleared, r.confirmed = row["cleared"], row["confirmed"]
    for row in (
        Case.objects.filter(institution_id__in=ids)
        .values("institution_id")
        .annotate(
            open=Count("id", filter=Q(status=Case.Status.OPEN)),
            confirmed=Count("id", filter=Q(status=Case.Status.CLOSED, outcome=Case.Outcome.CONFIRMED)),
            cleared=Count("id", filter=Q(status=Case.Status.CLOSED, outcome=Case.Outcome.CLEARED)),
        )
    ):
        r = out[row["institution_id"]]
        r.cases_open, r.cases_confirmed, r.cases_cleared = row["open"], row["confirmed"], row["cleared"]
    done = Q(status=SpotCheck.Status.DONE)
    problem = done & Q(result=SpotCheck.Result.PROBLEM)
    for row in (
        SpotCheck.objects.filter(institution_id__in=ids)
        .values("institution_id")
        .annotate(
            done=Count("id", filter=done),
            ok=Count("id", filter=done & Q(result=SpotCheck.Result.OK)),
            problems=Count("id", filter=problem & ~Q(finding__status=Finding.Status.CLEARED)),
            pending=Count("id", filter=Q(status=SpotCheck.Status.PENDING)),
        )
    ):
        r = out[row["institution_id"]]
        r.spot_done, r.spot_ok = row["done"], row["ok"]
        r.spot_problems, r.spot_pending = row["problems"], row["pending"]
    for r in out.values():
        r.level, r.reasons = level_of(r)
    return out


def credit_of(institution: Organisation) -> CreditRecord:
    return credit_records([institution])[institution.pk]


def credit_visible_to(user, institution: Organisation) -> CreditRecord | None:
    """The record if this user may read it (HR, or the institution itself), else None (the page's 404)."""
    if institution.kind != OrgKind.INSTITUTION or not can_read_credit(user, institution):
        return None
    return credit_of(institution)


@dataclass(frozen=True)
class PublicCredit:
    """What anyone may read of an institution's integrity (the supermarket's offer page, 第17条): decided
    facts only — confirmed cases and completed spot checks — never open findings, which are unproven."""

    cases_confirmed: int
    spot_done: int
    spot_ok: int

    @property
    def text(self) -> str:
        cases = f"查实违规案件 {self.cases_confirmed} 起" if self.cases_confirmed else "无查实违规案件"
        spots = f"；抽查 {self.spot_done} 次，{self.spot_ok} 次未发现问题" if self.spot_done else ""
        return cases + spots


def public_credit(institution: Organisation) -> PublicCredit:
    r = credit_of(institution)
    return PublicCredit(cases_confirmed=r.cases_confirmed, spot_done=r.spot_done, spot_ok=r.spot_ok)


def credit_list(user, params) -> list[CreditRecord]:
    """HR's list of every filed institution's record, filtered by level (`level`) and name (`q`)."""
    if not can_read_credit(user, None):
        return []
    qs = filed_institutions()
    q = str(params.get("q", "") or "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    records = list(credit_records(qs).values())
    level = params.get("level", "")
    if level in LEVELS:
        records = [r for r in records if r.level == level]
    return sorted(records, key=lambda r: (-ord(r.level), r.institution.name))


def spot_history(institution: Organisation) -> QuerySet[SpotCheck]:
    """The institution's completed spot checks (month, class, result) for its record page."""
    return (
        SpotCheck.objects.filter(institution=institution, status=SpotCheck.Status.DONE)
        .select_related("draw", "klass", "finding")
        .order_by("-draw__month", "rank")
    )


def confirmed_cases(institution: Organisation) -> QuerySet[Case]:
    return Case.objects.filter(
        institution=institution, status=Case.Status.CLOSED, outcome=Case.Outcome.CONFIRMED
    ).order_by("-closed_at")

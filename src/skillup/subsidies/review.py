"""The three-step review: the competent department, then HR, then Finance — each only at its own step.

One function does the work for one claim and for a bulk approval of thousands alike: lock the people
(one SELECT … FOR UPDATE in id order), lock the claims, re-run the automatic checks with the real history,
hold each department's yearly budget, then write statuses, review rows, ledger commitments (at Finance's
step) and audit rows in bulk. The creator of a claim never approves it. A claim whose money is held
(`permissions.held`: an integrity finding stands on it) does not pass Finance's step; it may be rejected.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.core.clock import today
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.subsidies import checks
from skillup.subsidies.funding import funding
from skillup.subsidies.models import Claim, ClaimReview
from skillup.subsidies.permissions import (  # noqa: F401  (the step tables other modules read here)
    STATUS_OF_STEP,
    STEP_OF_ROLE,
    STEP_OF_STATUS,
    can_review,
    dept_approvers_of,
    held,
    review_step,
    review_steps,
    skip_reason,
)

S = Claim.Status
AFTER = {"dept": S.DEPT_APPROVED, "hr": S.HR_APPROVED, "finance": S.FINANCE_APPROVED}
STEP_NAMES = {"dept": "主管部门审核", "hr": "人社局审核", "finance": "财政局审核"}


@dataclass
class ReviewSummary:
    decision: str
    approved: list[int] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    held: list[tuple[int, str]] = field(default_factory=list)
    amount: Decimal = Decimal("0.00")

    def message(self) -> str:
        parts = []
        if self.approved:
            parts.append(f"审核通过 {len(self.approved)} 笔，金额 {self.amount:,.2f} 元")
        if self.rejected:
            parts.append(f"退回 {len(self.rejected)} 笔")
        if self.refused:
            parts.append(f"自动复核不通过 {len(self.refused)} 笔（已标记为不予补贴）")
        if self.held:
            parts.append(f"暂缓支付未通过 {len(self.held)} 笔（有未排除的诚信线索，见下方原因）")
        if self.skipped:
            parts.append(f"未处理 {len(self.skipped)} 笔（见下方原因）")
        return "；".join(parts) or "没有处理任何申领"


def claims_review_bulk(*, actor, claim_ids, decision: str, reason: str = "") -> ReviewSummary:
    require(can_review(actor))
    if decision not in ("approve", "reject"):
        raise RuleViolation("审核结论应为 approve（通过）或 reject（退回）", field="decision")
    reason = (reason or "").strip()[:500]
    if decision == "reject" and not reason:
        raise RuleViolation("退回时请填写理由，申领单位将据此更正", field="reason")
    summary = ReviewSummary(decision)
    ids = sorted({int(i) for i in claim_ids})
    if not ids:
        return summary
    day = today()
    with transaction.atomic():
        heads = list(Claim.objects.filter(pk__in=ids).only("id", "person_id", "enterprise_id"))
        checks.lock_subjects(heads)
        claims = list(
            Claim.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("person")
            .order_by("id")
        )
        approvers = dept_approvers_of(ids) if "hr" in review_steps(actor) else {}
        at_finance = [c for c in claims if STEP_OF_STATUS.get(c.status) == "finance"]
        holds = held(at_finance) if decision == "approve" and "finance" in review_steps(actor) else {}
        by_step: dict[str, list[Claim]] = {}
        for claim in claims:
            why = skip_reason(claim, actor, approvers)
            if why:
                summary.skipped.append((claim.pk, why))
            elif claim.pk in holds:
                summary.held.append((claim.pk, holds[claim.pk]))
            else:
                claim._quote_before = _quote_of(claim)
                by_step.setdefault(STEP_OF_STATUS[claim.status], []).append(claim)
        for step, acting in by_step.items():
            if decision == "reject":
                for claim in acting:
                    claim.status = S.REJECTED
                    summary.rejected.append(claim.pk)
                _write(acting, actor=actor, step=step, decision="rejected", reason=reason, day=day)
            else:
                _approve(acting, actor=actor, step=step, reason=reason, day=day, summary=summary)
    return summary


def _approve(acting: list[Claim], *, actor, step: str, reason: str, day, summary: ReviewSummary) -> None:
    checks.run(acting, today=day)
    passing, pending = [], []
    for claim in acting:
        if claim.eligible and getattr(claim, "cert_pending", False):
            claim.status = S.CERT_PENDING  # 第13条: its certificate is no longer found in the register
            pending.append(claim)
            summary.skipped.append((claim.pk, f"申领 #{claim.pk}：证书未在证书库登记，已转入待核验证书"))
        elif claim.eligible:
            passing.append(claim)
        else:
            claim.status = S.REFUSED
            summary.refused.append((claim.pk, checks.refusal_text(claim.refusals)))
    approved = _hold_budgets(passing, summary)
    for claim in approved:
        claim.status = AFTER[step]
        if step == "finance":
            claim.finance_approved_on = day
        summary.approved.append(claim.pk)
        summary.amount += claim.amount
    refused = [c for c in acting if c.status == S.REFUSED]
    _write(approved, actor=actor, step=step, decision="approved", reason=reason, day=day)
    _write(refused, actor=actor, step="check", decision="refused", reason="", day=day)
    _write(pending, actor=actor, step="check", decision="cert_pending", reason="", day=day)
    if step == "finance" and approved:
        funding().commit(approved, actor=actor, day=day)


def _hold_budgets(claims: list[Claim], summary: ReviewSummary) -> list[Claim]:
    """Approve in id order while each department's yearly budget holds; the rest are left with the
    remaining budget named."""
    fund = funding()
    pairs = {(c.department_id, c.year) for c in claims}
    locked = fund.lock_budgets(pairs)
    used = fund.used_by_department_year(pairs, exclude_ids=[c.pk for c in claims])
    ok = []
    for claim in claims:
        pair = (claim.department_id, claim.year)
        budget = locked.get(pair)
        if budget is None:
            summary.skipped.append(
                (
                    claim.pk,
                    f"申领 #{claim.pk}：主管部门 {claim.year} 年度尚未设置补贴预算，请人社局先核定预算",
                )
            )
            continue
        remaining = budget.amount - used[pair]
        if claim.amount > remaining:
            summary.skipped.append(
                (
                    claim.pk,
                    f"申领 #{claim.pk}：超出主管部门 {claim.year} 年度预算，剩余 {remaining:,.2f} 元，本笔 {claim.amount:,.2f} 元",
                )
            )
            continue
        used[pair] += claim.amount
        ok.append(claim)
    return ok


QUOTE_FIELDS = ("eligible", "amount", "basis", "refusals")


def _quote_of(claim: Claim) -> tuple:
    return tuple(getattr(claim, f) for f in QUOTE_FIELDS)


def _write(claims: list[Claim], *, actor, step: str, decision: str, reason: str, day) -> None:
    """Statuses in a few plain UPDATEs (all claims of one call share their new status); only claims whose
    re-check changed the quote are rewritten field by field."""
    if not claims:
        return
    now = timezone.now()
    values = {"status": claims[0].status, "updated_at": now}
    if decision != "rejected":
        values["checked_on"] = day
    if step == "finance" and decision == "approved":
        values["finance_approved_on"] = day
    changed = [c for c in claims if getattr(c, "_quote_before", None) != _quote_of(c)]
    for c in claims:
        c.updated_at = now
    ids = [c.pk for c in claims]
    for start in range(0, len(ids), 5000):
        Claim.objects.filter(pk__in=ids[start : start + 5000]).update(**values)
    if changed:
        Claim.objects.bulk_update(changed, list(QUOTE_FIELDS), batch_size=500)
    ClaimReview.objects.bulk_create(
        [
            ClaimReview(
                claim_id=c.pk,
                step=step,
                decision=decision,
                reason=reason if decision != "refused" else checks.refusal_text(c.refusals),
                actor=actor if step != "check" else None,
            )
            for c in claims
        ],
        batch_size=2000,
    )
    label = STEP_NAMES.get(step, "自动复核")
    audit.record_many(
        actor=actor,
        action=f"claim.review.{step}.{decision}",
        items=[
            (c, {"status": c.status, "amount": c.amount}, f"{label}：{c.get_status_display()} {c.amount} 元")
            for c in claims
        ],
    )


def claim_review(*, claim: Claim, actor, decision: str, reason: str = "") -> Claim:
    """One claim at the actor's step. 409 (StateConflict) when it is not at that step, over budget, or
    when the re-check refuses it (the refusal itself is kept)."""
    summary = claims_review_bulk(actor=actor, claim_ids=[claim.pk], decision=decision, reason=reason)
    if summary.skipped or summary.held:
        raise StateConflict((summary.skipped or summary.held)[0][1])
    claim.refresh_from_db()
    if summary.refused:
        raise StateConflict(
            f"自动复核不通过：{summary.refused[0][1]}；申领已标记为不予补贴，可更正后重新提交"
        )
    return claim

"""Who may do what with claims (core/permissions.py): the one place each rule is decided.

The review steps live here too: a claim's status names the step it waits at (`STEP_OF_STATUS`), a role
acts at its steps (`review_steps`; the HR bureau is itself the competent department of some schemes),
and `skip_reason` says why an actor may not review a claim now. The services (`review.py`,
`services.py`) require these verdicts; pages and the API show them.

Money held (issue 11 item 3) is one rule here too: `held(claims)` says which claims may not pass
Finance's step or enter a payment batch, and why. Integrity decides which claims are held (its findings,
through `core.registry.claim_holds`), read live every time, so clearing a finding frees the claim at once.
"""

from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse
from skillup.core.registry import claim_holds
from skillup.subsidies.models import Claim

S = Claim.Status
STEP_OF_STATUS = {S.CHECKED: "dept", S.DEPT_APPROVED: "hr", S.HR_APPROVED: "finance"}
STEP_OF_ROLE = {Role.DEPT: "dept", Role.HR: "hr", Role.HR_ADMIN: "hr", Role.FINANCE: "finance"}
STATUS_OF_STEP = {v: k for k, v in STEP_OF_STATUS.items()}
APPLICANTS = (Role.TRAINEE, Role.ENTERPRISE)
# Class statuses whose claims may be made (an institution for its class, a trainee's living allowance).
CLASS_OPEN = ("approved", "running", "finished")
RESUBMITTABLE = (S.REJECTED, S.REFUSED)
# Claims on their way to payment: the ones a hold can stop (a paid, rejected or refused claim is not).
BEFORE_PAYMENT = (
    S.CHECKED,
    S.CERT_PENDING,
    S.DEPT_APPROVED,
    S.HR_APPROVED,
    S.FINANCE_APPROVED,
    S.PAYMENT_FAILED,
)
# Who is told that, and why, a claim's money is held: officers. The applicant is not told before a case
# is opened (a tip-off would spoil the check); the case page tells the institution once it is.
HOLD_READERS = frozenset({Role.HR, Role.HR_ADMIN, Role.DEPT, Role.FINANCE, Role.AUDITOR})


def review_step(user) -> str | None:
    """The step a role mainly acts at (HR also acts as competent department for its own schemes)."""
    return STEP_OF_ROLE.get(getattr(user, "role", None))


def review_steps(user) -> tuple[str, ...]:
    step = review_step(user)
    if step == "hr":
        return ("dept", "hr")  # the HR bureau is itself the competent department of some schemes
    return (step,) if step else ()


def skip_reason(claim: Claim, actor, dept_approvers: dict | None = None) -> str | None:
    """Why this actor may not review this claim now, or None when they may. `dept_approvers`
    (claim id → who approved it at the department step) is read from the database when not given."""
    step = STEP_OF_STATUS.get(claim.status)
    if step is None or step not in review_steps(actor):
        return f"申领 #{claim.pk} 状态为「{claim.get_status_display()}」，不在您的审核环节"
    if step == "dept" and claim.department_id != actor.organisation_id:
        if actor.role != Role.DEPT:
            return f"申领 #{claim.pk} 状态为「{claim.get_status_display()}」，不在您的审核环节"
        return f"申领 #{claim.pk} 不属于本部门主管"
    if claim.created_by_id == actor.pk:
        return f"申领 #{claim.pk} 由您本人提交，按不相容职务分离原则须由他人审核"
    if step == "hr":
        if dept_approvers is None:
            dept_approvers = dept_approvers_of([claim.pk])
        if dept_approvers.get(claim.pk) == actor.pk:
            return f"申领 #{claim.pk} 的主管部门审核由您完成，人社局审核须由另一人办理"
    return None


def held(claims) -> dict[int, str]:
    """claim id → why its money is held now, for the claims that are (one batched lookup, never per
    claim). Finance's step and payment batch entry both read this; nothing stores a copy of it."""
    return {pk: f"申领 #{pk} 暂缓支付：" + "；".join(reasons) for pk, reasons in claim_holds(claims).items()}


def dept_approvers_of(claim_ids) -> dict:
    from skillup.subsidies.models import ClaimReview

    return dict(
        ClaimReview.objects.filter(claim_id__in=list(claim_ids), step="dept", decision="approved")
        .order_by("id")
        .values_list("claim_id", "actor_id")
    )


@permission
def can_review(actor) -> Verdict:
    """Takes part in claim review at all (the bulk page, the review list)."""
    return ALLOWED if review_steps(actor) else refuse("您的角色不参与补贴审核")


@permission
def can_review_claim(actor, claim: Claim) -> Verdict:
    """May review this claim now, at its step (the claim page's review form, the service)."""
    if not review_steps(actor):
        return refuse("您的角色不参与补贴审核")
    why = skip_reason(claim, actor)
    return refuse(why) if why else ALLOWED


@permission
def can_approve_claim(actor, claim: Claim) -> Verdict:
    """May pass this claim at its step now: review it, and at Finance's step its money is not held
    (a held claim can still be rejected, or left waiting until the finding is cleared)."""
    verdict = can_review_claim(actor, claim)
    if verdict and STEP_OF_STATUS.get(claim.status) == "finance":
        why = held([claim]).get(claim.pk)
        if why:
            return refuse(why)
    return verdict


@permission
def can_see_holds(actor) -> Verdict:
    if getattr(actor, "role", None) in HOLD_READERS:
        return ALLOWED
    return refuse("暂缓支付的原因仅供经办部门查看")


@permission
def can_apply(actor) -> Verdict:
    """Applies for a subsidy on their own (a trainee on a certificate, an enterprise for its schemes)."""
    if getattr(actor, "role", None) in APPLICANTS:
        return ALLOWED
    return refuse("只有学员本人或企业可以申请此类补贴")


@permission
def can_correct_claim(actor, claim: Claim) -> Verdict:
    """Is the claim's applicant: its creator, or the institution or enterprise it belongs to."""
    own_organisation = actor.role in (Role.INSTITUTION, Role.ENTERPRISE) and actor.organisation_id in (
        claim.institution_id,
        claim.enterprise_id,
    )
    if claim.created_by_id == actor.pk or own_organisation:
        return ALLOWED
    return refuse("只有申领单位或申领人可以更正后重新提交")


@permission
def can_resubmit_claim(actor, claim: Claim) -> Verdict:
    """May correct and resubmit this claim now (its applicant, and the claim was rejected or refused)."""
    verdict = can_correct_claim(actor, claim)
    if not verdict:
        return verdict
    if claim.status not in RESUBMITTABLE:
        return refuse(
            f"申领状态为「{claim.get_status_display()}」，只有被退回或自动审核不通过的申领可以重新提交"
        )
    if claim.status == S.REJECTED and claim.reviews.filter(step="integrity", decision="rejected").exists():
        return refuse("该申领经核查案件查实不予补贴，不能重新提交")
    return ALLOWED


@permission
def can_claim_for_class(actor, klass) -> Verdict:
    """The institution that runs the class claims for its passed trainees."""
    if actor.role == Role.INSTITUTION and actor.organisation_id == klass.institution_id:
        return ALLOWED
    return refuse("只有开班的培训机构可以为本班申领补贴")


def is_living_applicant(actor) -> Verdict:
    if actor.role != Role.TRAINEE or actor.person_id is None:
        return refuse("生活费补贴由学员本人申请，或由培训机构随本班补贴一并申领")
    return ALLOWED


@permission
def can_apply_living_allowance(actor, klass) -> Verdict:
    """A trainee applies for the living allowance of a class once it has opened (第7条); who belongs to
    the listed groups on the days attended is the service's check, with its reason."""
    verdict = is_living_applicant(actor)
    if verdict and klass.status not in CLASS_OPEN:
        return refuse(f"培训班状态为「{klass.get_status_display()}」，开班后才能申请生活费补贴")
    return verdict


@permission
def can_reject_for_case(actor) -> Verdict:
    """Claims a confirmed integrity case found fraudulent are rejected by the HR bureau that decided
    the case (issue 11 item 4), whatever step they wait at."""
    if getattr(actor, "role", None) in (Role.HR, Role.HR_ADMIN):
        return ALLOWED
    return refuse("只有人社局可以根据查实的核查案件退回申领")

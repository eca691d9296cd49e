"""Who may register certificates, upload a scan for a claim and verify a certificate: one `can_<action>`
verdict per action, used by the services (403 when refused), the pages and the API."""

from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse

HR_ROLES = (Role.HR, Role.HR_ADMIN)
REGISTER_ROLES = (Role.ASSESSOR, *HR_ROLES)


def _pending(claim) -> Verdict:
    if claim.status != claim.Status.CERT_PENDING:
        return refuse(f"申领状态为「{claim.get_status_display()}」，不在待核验证书队列中")
    return ALLOWED


@permission
def can_register_certificate(actor) -> Verdict:
    """An assessment institution registers what it issued; HR registers from the provincial register."""
    if actor.role not in REGISTER_ROLES:
        return refuse("只有评价机构和人社局可以登记证书")
    return ALLOWED


def is_scan_uploader(actor, claim) -> Verdict:
    own = actor.role == Role.TRAINEE and actor.person_id == claim.person_id
    if not own and actor.role not in HR_ROLES:
        return refuse("只有申领人本人或人社局可以上传证书扫描件")
    return ALLOWED


@permission
def can_upload_scan(actor, claim) -> Verdict:
    """The applicant (or HR for them) uploads the certificate scan of a claim waiting for it."""
    return is_scan_uploader(actor, claim) and _pending(claim)


def is_verifier(actor) -> Verdict:
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以核验证书")
    return ALLOWED


@permission
def can_verify_certificate(actor, claim=None) -> Verdict:
    """HR accepts or refuses the certificate of a claim waiting for it."""
    verdict = is_verifier(actor)
    if verdict and claim is not None:
        return _pending(claim)
    return verdict

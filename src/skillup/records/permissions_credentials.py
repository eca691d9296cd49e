"""Who issues, revokes, reads and shares verifiable credentials: one verdict per action."""

from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse

__all__ = [
    "can_issue_credential",
    "can_read_credential",
    "can_revoke_credential",
    "can_share_credential",
    "is_holder",
]

HR_ROLES = (Role.HR, Role.HR_ADMIN)


@permission
def can_issue_credential(actor, certificate=None) -> Verdict:
    """HR issues the district's signed credentials (and rotates its keys)."""
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以签发可验证凭证")
    return ALLOWED


@permission
def can_revoke_credential(actor, credential) -> Verdict:
    """HR revokes a credential with a reason, once."""
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以撤销凭证")
    if credential.revoked_at is not None:
        return refuse("该凭证已撤销，无需再次撤销")
    return ALLOWED


@permission
def can_revoke_case_credentials(actor, case) -> Verdict:
    """After a case is confirmed (issue 11), HR revokes the credentials of the certificates it concerns."""
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以撤销凭证")
    if case.outcome != "confirmed":
        return refuse("案件查实后才能撤销其涉及的证书凭证")
    return ALLOWED


def is_holder(actor, credential) -> Verdict:
    if actor.role == Role.TRAINEE and actor.person_id and actor.person_id == credential.person_id:
        return ALLOWED
    return refuse("只有凭证持有人本人可以进行此操作")


@permission
def can_read_credential(actor, credential) -> Verdict:
    """The holder and HR read the signed JSON."""
    if actor.role in HR_ROLES:
        return ALLOWED
    return is_holder(actor, credential)


@permission
def can_share_credential(actor, credential) -> Verdict:
    """The holder shares one credential with a link (an expiry; revocable)."""
    verdict = is_holder(actor, credential)
    if verdict and credential.revoked_at is not None:
        return refuse("该凭证已撤销，不能分享")
    return verdict

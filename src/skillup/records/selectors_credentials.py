"""Reads of verifiable credentials, scoped to the acting user (HR all, the holder their own)."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from skillup.accounts.roles import Role
from skillup.records.models_credentials import CredentialShare, IssuedCredential


def credentials_visible(actor):
    rows = IssuedCredential.objects.select_related("certificate", "person", "key")
    if actor.role in (Role.HR, Role.HR_ADMIN):
        return rows
    if actor.role == Role.TRAINEE and actor.person_id:
        return rows.filter(person_id=actor.person_id)
    return rows.none()


def credential_for(actor, public_id: str) -> IssuedCredential:
    return get_object_or_404(credentials_visible(actor), public_id=public_id)


def public_credential(public_id: str) -> IssuedCredential | None:
    return (
        IssuedCredential.objects.select_related("certificate", "person").filter(public_id=public_id).first()
    )


def live_share(token: str) -> CredentialShare | None:
    """A share link that still opens: not revoked, not expired (else None: the page says so)."""
    share = (
        CredentialShare.objects.select_related("credential__certificate", "credential__person")
        .filter(token=token)
        .first()
    )
    if share is None or share.revoked_at is not None or share.expires_at <= timezone.now():
        return None
    return share


def shares_of(actor, credential):
    return CredentialShare.objects.filter(credential=credential, created_by=actor).prefetch_related("views")


def mask_name(name: str) -> str:
    """王小明 → 王*明, 李四 → 李*: enough for an employer who knows the candidate, no more."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def public_summary(credential: IssuedCredential) -> dict:
    """The minimum the public verification page shows: no identity number, the name masked."""
    doc = credential.document
    subject = doc.get("credentialSubject", {})
    achievement = subject.get("achievement") or {}
    cert = credential.certificate
    return {
        "name": mask_name(credential.person.name),
        "kind": credential.get_kind_display(),
        "occupation": cert.occupation if cert else "",
        "level": cert.level if cert else "",
        "family": cert.get_family_display() if cert else "",
        "title": achievement.get("name", "") if isinstance(achievement, dict) else doc.get("name", ""),
        "issuer": (doc.get("issuer") or {}).get("name", ""),
        "certificate_issuer": cert.issuer_name if cert else "",
        "date": cert.issued_on if cert else credential.issued_at.date(),
        "revoked": credential.revoked_at is not None,
        "revoked_at": credential.revoked_at,
    }


def credential_list(actor, q: str = "", state: str = ""):
    """The credentials page (and its tests): the visible credentials, by holder name or id, live/revoked."""
    rows = credentials_visible(actor)
    q = (q or "").strip()[:50]
    if q:
        rows = rows.filter(person__name__contains=q) | rows.filter(public_id=q)
    if state == "live":
        rows = rows.filter(revoked_at__isnull=True)
    elif state == "revoked":
        rows = rows.filter(revoked_at__isnull=False)
    return rows.order_by("-issued_at", "-id")

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


def public_summary(credential: IssuedCredential, *, shared: bool = False) -> dict:
    """The minimum the public verification page shows: no identity number, the name masked. Through the
    holder's own share link (`shared`) the name is in full: the holder chose that recipient, who must match
    it to the candidate in front of them (docs/records.md "Sharing one credential")."""
    doc = credential.document
    subject = doc.get("credentialSubject", {})
    achievement = subject.get("achievement") or {}
    cert = credential.certificate
    return {
        "name": credential.person.name if shared else mask_name(credential.person.name),
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


# --- credentials a confirmed integrity case concerns (issue 14 × issue 11) ---------------------------


def _case_condition(cases):
    """The certificates earned in the classes of a confirmed case's claims, by the claims' people."""
    from django.db.models import Q

    from skillup.integrity.selectors_cases import case_claims

    cond = Q(pk__in=[])
    for case in cases:
        for klass_id, person_id in (
            case_claims(case).filter(klass__isnull=False).values_list("klass_id", "person_id")
        ):
            cond |= Q(certificate__result__enrolment__klass_id=klass_id, person_id=person_id)
    return cond


def case_credentials(actor, case):
    """Live certificate credentials a confirmed case concerns, for HR to revoke (empty for anyone else,
    and for a case that is open or cleared)."""
    from skillup.records.permissions_credentials import can_revoke_case_credentials

    if not can_revoke_case_credentials(actor, case):
        return IssuedCredential.objects.none()
    return (
        credentials_visible(actor)
        .filter(_case_condition([case]), kind=IssuedCredential.Kind.BADGE, revoked_at__isnull=True)
        .order_by("person__name", "id")
    )


def live_credentials_of_confirmed_cases(actor):
    """Live certificate credentials that any confirmed case concerns (HR's to-do), in one query whatever
    the number of cases: the claims the cases' findings concern (by claim, class or person, as
    `integrity.selectors_cases.concerned`), then the certificates earned in those classes by those people."""
    from django.db.models import Exists, OuterRef, Q

    from skillup.integrity.models import Case, Finding
    from skillup.subsidies.models import Claim

    if actor.role not in (Role.HR, Role.HR_ADMIN):
        return IssuedCredential.objects.none()
    found = Finding.objects.filter(cases__outcome=Case.Outcome.CONFIRMED)
    S = Finding.Subject
    claims = Claim.objects.filter(
        Q(pk__in=found.filter(subject_type=S.CLAIM).values("claim_id"))
        | Q(klass_id__in=found.filter(subject_type=S.CLASS).values("klass_id"))
        | Q(person_id__in=found.filter(subject_type=S.PERSON).values("person_id")),
        klass_id=OuterRef("certificate__result__enrolment__klass_id"),
        person_id=OuterRef("person_id"),
    )
    return IssuedCredential.objects.filter(
        Exists(claims), kind=IssuedCredential.Kind.BADGE, revoked_at__isnull=True
    )


def certificates_without_credential():
    """Certificates of the register never issued a credential (what "签发缺少的凭证" issues); one whose
    credential was revoked is not "missing": the revocation stands."""
    from skillup.certificates.models import Certificate

    return Certificate.objects.exclude(credentials__kind=IssuedCredential.Kind.BADGE)

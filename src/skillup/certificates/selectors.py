"""Reads of the register and of a claim's certificate panel, scoped: HR, Finance and auditors see all; an assessment
institution what it registered; a trainee their own certificates; everyone else nothing (404)."""

from django.db.models import QuerySet

from skillup.accounts.scoping import scope
from skillup.certificates.models import Certificate, Evidence, Verification
from skillup.certificates.normalise import certificate_number, occupation_key
from skillup.certificates.permissions import can_upload_scan, can_verify_certificate
from skillup.registry import crypto
from skillup.registry.validators import validate_id_number

FILTERS = ("number", "person", "occupation", "source", "issuer")


def certificates_visible_to(user) -> QuerySet[Certificate]:
    qs = Certificate.objects.select_related("person", "issuer")
    return scope(qs, user, person="person_id", assessor="issuer_id")


def certificate_list(
    user, *, number="", person="", occupation="", source="", issuer="", person_hash=""
) -> QuerySet:
    """`person`: part of a name, or a full identity number; `person_hash`: the keyed hash of an identity
    number searched for by the page (registry.search)."""
    qs = certificates_visible_to(user)
    if person_hash:
        qs = qs.filter(person__id_hash=person_hash)
    if number:
        qs = qs.filter(number__icontains=certificate_number(number))
    person = (person or "").strip()
    if person:
        try:
            qs = qs.filter(person__id_hash=crypto.lookup_hash(validate_id_number(person)))
        except ValueError:
            qs = qs.filter(person__name__icontains=person)
    if occupation:
        qs = qs.filter(occupation_key__icontains=occupation_key(occupation))
    if source in Certificate.Source.values:
        qs = qs.filter(source=source)
    if issuer:
        qs = qs.filter(issuer_name__icontains=issuer.strip())
    return qs.order_by("-issued_on", "-id")


def certificates_filtered(user, params) -> QuerySet:
    """The list page's filters from a plain mapping (page, export and API): FILTERS and `person_hash`."""
    return certificate_list(
        user,
        **{k: str(params.get(k) or "").strip() for k in FILTERS},
        person_hash=str(params.get("person_hash") or ""),
    )


def evidence_visible_to(user) -> QuerySet[Evidence]:
    """A scan is seen by HR, Finance and auditors, and by the person it belongs to."""
    return scope(Evidence.objects.all(), user, person="person_id")


def claim_panel(user, claim) -> dict:
    """What the claim page shows about the certificate: the register entry the basis cites, or the
    pending verification with its scan."""
    from skillup.certificates import verify

    if not verify.applies(claim):
        return {}
    current = (
        claim.verifications.select_related("evidence", "certificate", "decided_by").order_by("-id").first()
    )
    cert = None
    cert_id = claim.facts.get(verify.VERIFIED_FACT)
    if cert_id:
        cert = Certificate.objects.filter(pk=cert_id).first()
    else:
        number = certificate_number(claim.facts.get("certificate_no", ""))
        cert = (
            Certificate.objects.filter(person_id=claim.person_id, number=number)
            .order_by("-issued_on")
            .first()
            if number
            else None
        )
    evidence = current.evidence if current and current.evidence_id else None
    if evidence is not None and not evidence_visible_to(user).filter(pk=evidence.pk).exists():
        evidence = None
    return {
        "number": claim.facts.get("certificate_no", ""),
        "certificate": cert,
        "pending": claim.status == claim.Status.CERT_PENDING,
        "verification": current,
        "evidence": evidence,
        "upload": can_upload_scan(user, claim),
        "verify": can_verify_certificate(user, claim),
    }


def verifications_of(claim) -> QuerySet[Verification]:
    return claim.verifications.select_related("evidence", "certificate", "decided_by").order_by("id")

"""The 待核验证书 queue (第13条): claims whose certificate is in no register wait as `cert_pending`; the
applicant (or HR) attaches a scan, and HR accepts — the certificate enters the register as
`hr_verified` and the claim is checked again — or refuses with a reason. One transaction each, audited.

The queue belongs to the subsidies app because it moves claims; the register it fills is the certificates
app's (`certificates.services.clean_record` / `register_records`), one layer below.
"""

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.certificates import evidence as evidence_files
from skillup.certificates import services as certificates
from skillup.certificates.models import Certificate, Evidence, Verification
from skillup.certificates.normalise import certificate_number
from skillup.certificates.permissions import is_scan_uploader, is_verifier
from skillup.core.clock import today
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.registry import crypto
from skillup.subsidies import checks
from skillup.subsidies.models import Claim, ClaimReview


def _open_verification(claim) -> Verification:
    current = claim.verifications.filter(status=Verification.Status.PENDING).order_by("-id").first()
    if current is None:
        current = Verification.objects.create(
            claim=claim, number=certificate_number(claim.facts.get("certificate_no", ""))
        )
    return current


def evidence_attach(*, actor, claim, upload=None, scan=None) -> Evidence:
    """The applicant's scan for a claim waiting for its certificate; replaces an earlier scan of the same
    round. The file is written first and removed again when the transaction fails."""
    require(is_scan_uploader(actor, claim))
    content, content_type, original = scan or evidence_files.read_upload(upload)
    stored, digest = evidence_files.write(content, content_type)
    try:
        with transaction.atomic():
            claim = _pending_claim(claim)
            ev = Evidence.objects.create(
                stored_name=stored,
                original_name=original,
                content_type=content_type,
                size=len(content),
                sha256=digest,
                person_id=claim.person_id,
                uploaded_by=actor,
            )
            verification = _open_verification(claim)
            verification.evidence = ev
            verification.save(update_fields=["evidence"])
            audit.record(
                actor=actor,
                action="certificate.evidence_upload",
                obj=claim,
                changes={"evidence": [None, f"{content_type} {len(content)} B sha256:{digest[:12]}"]},
                summary=f"申领 #{claim.pk} 上传证书扫描件",
            )
    except BaseException:
        evidence_files.remove(stored)
        raise
    return ev


def _pending_claim(claim):
    claim = Claim.objects.select_for_update(of=("self",)).select_related("person").get(pk=claim.pk)
    if claim.status != Claim.Status.CERT_PENDING:
        raise StateConflict(
            f"申领状态为「{claim.get_status_display()}」，不在待核验证书队列中（只有待核验证书的申领可以上传扫描件或核验）"
        )
    return claim


def _decide(verification: Verification, status: str, *, actor, decision: str, review: str) -> None:
    """HR's decision on a verification, and the claim's check-step review row that records it."""
    verification.status = status
    verification.decided_by = actor
    verification.decided_at = timezone.now()
    verification.save()
    ClaimReview.objects.create(
        claim_id=verification.claim_id,
        step=ClaimReview.Step.CHECK,
        decision=decision,
        reason=review,
        actor=actor,
    )


def verification_accept(*, actor, claim, **fields):
    """HR has checked the evidence: the certificate enters the register (hr_verified, with the scan) and
    the claim is checked again — on to `checked`, or `refused` when the verified certificate does not
    fit the claim. Fields as `certificate_register` (id number and name are the claimant's)."""
    require(is_verifier(actor))
    with transaction.atomic():
        checks.lock_subjects([claim])
        claim = _pending_claim(claim)
        person = claim.person
        raw = {**fields, "id_number": crypto.decrypt(person.id_cipher), "name": person.name}
        clean, errors = certificates.clean_record(raw, None, need_issuer=True)
        if errors:
            raise RuleViolation(errors)
        verification = _open_verification(claim)
        certs, _new = certificates.register_records(
            actor=actor, records=[(None, clean)], source=Certificate.Source.HR_VERIFIED
        )
        cert = certs[0]
        if verification.evidence_id:
            cert.evidence_id = verification.evidence_id
            cert.save(update_fields=["evidence"])
        before = audit.snapshot(claim, ["status", "amount"])
        claim.facts = {**claim.facts, "certificate_id": cert.pk, "certificate_no": cert.number}
        checks.run([claim], today=today())
        claim.status = checks.status_after_check(claim)
        claim.save()
        verification.certificate = cert
        _decide(
            verification,
            Verification.Status.ACCEPTED,
            actor=actor,
            decision="passed" if claim.status == claim.Status.CHECKED else "refused",
            review=f"人社局核验证书 {cert.number} 通过"
            + (f"；{checks.refusal_text(claim.refusals)}" if claim.refusals else ""),
        )
        audit.record(
            actor=actor,
            action="certificate.verify_accept",
            obj=claim,
            changes={
                **audit.diff(before, audit.snapshot(claim, list(before))),
                "certificate": [None, cert.pk],
            },
            summary=f"核验证书 {cert.number} 通过，申领 #{claim.pk} {claim.get_status_display()}",
        )
    return claim


def verification_refuse(*, actor, claim, reason: str):
    """HR refuses the certificate: the claim is refused (`certificate_unverified`) with the reason."""
    require(is_verifier(actor))
    reason = (reason or "").strip()[:300]
    if not reason:
        raise RuleViolation("不予认定时请填写理由", field="reason")
    with transaction.atomic():
        claim = _pending_claim(claim)
        verification = _open_verification(claim)
        before = audit.snapshot(claim, ["status", "amount"])
        claim.status = claim.Status.REFUSED
        claim.eligible = False
        claim.amount = checks.ZERO
        claim.refusals = [*claim.refusals, "certificate_unverified"]
        claim.basis = [
            *claim.basis,
            {"rule": "certificate", "clause": "第13条", "detail": f"人社局核验：证书不予认定（{reason}）"},
        ]
        claim.save()
        verification.reason = reason
        _decide(
            verification,
            Verification.Status.REFUSED,
            actor=actor,
            decision="refused",
            review=f"证书未通过核验：{reason}",
        )
        audit.record(
            actor=actor,
            action="certificate.verify_refuse",
            obj=claim,
            changes={**audit.diff(before, audit.snapshot(claim, list(before))), "reason": [None, reason]},
            summary=f"核验证书不通过，申领 #{claim.pk}：{reason}",
        )
    return claim

"""Verification before money moves (第13条): a registered certificate carries the claim; anything else
waits for HR in the 待核验证书 queue, where HR accepts (into the register, claim checked) or refuses."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillup.accounts.models import AuditEntry
from skillup.certificates.models import Certificate, Evidence, Verification
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.subsidies import verification as queue
from skillup.subsidies.models import Claim
from skillup.subsidies.review import claim_review
from skillup.subsidies.services import claim_apply, claim_resubmit
from tests.certificates.conftest import PNG
from tests.certificates.factories import registered
from tests.subsidies.factories import budget

pytestmark = pytest.mark.django_db
S = Claim.Status


def _apply(
    cast, *, scheme="skill_promotion_bonus", level="技师", number="Z123", day=dt.date(2021, 3, 1), **kw
):
    cast.trainee_person.citizen_card = "330600001234"
    cast.trainee_person.save()
    return claim_apply(
        actor=cast.trainee,
        scheme=scheme,
        department=cast.department,
        entitlement_date=day,
        facts={"level": level, "certificate_no": number, **kw.pop("facts", {})},
        **kw,
    )


def _details(claim):
    return " ".join(b["detail"] for b in claim.basis)


def test_a_claim_on_a_registered_certificate_is_checked_and_its_basis_cites_it(cast):
    registered(cast.trainee_person, "Z123", "技师", issued_on=dt.date(2021, 2, 1))
    claim = _apply(cast)
    assert claim.status == S.CHECKED and str(claim.amount) == "10000.00"
    assert "证书 Z123 已在证书库登记" in _details(claim)
    assert "发证机构 浙江省职业技能鉴定中心，发证日期 2021-02-01" in _details(claim)


def test_the_number_is_matched_whatever_its_width_and_spaces_and_levels_match_across_systems(cast):
    registered(cast.trainee_person, "S2021-0007", "二级", family="skill_level")  # 二级 = 技师
    claim = _apply(cast, number="ｓ２０２１－０００７ ")
    assert claim.status == S.CHECKED and str(claim.amount) == "10000.00"


def test_an_unregistered_number_waits_for_verification_and_cannot_be_approved(cast):
    budget(cast.department)
    claim = _apply(cast, number="NOPE-1")
    assert claim.status == S.CERT_PENDING and claim.eligible
    assert "证书 NOPE-1 未在证书库本人名下登记" in _details(claim)
    assert claim.reviews.get().decision == "cert_pending"
    for officer in (cast.dept, cast.hr, cast.finance):
        with pytest.raises(StateConflict):
            claim_review(claim=claim, actor=officer, decision="approve")
    claim.refresh_from_db()
    assert claim.status == S.CERT_PENDING


def test_hr_accepts_the_certificate_and_the_claim_moves_on_with_the_basis(cast):
    budget(cast.hr_bureau)
    claim = _apply(cast, number="NOPE-2", evidence=SimpleUploadedFile("scan.png", PNG))
    assert claim.verifications.get().evidence.content_type == "image/png"
    claim = queue.verification_accept(
        actor=cast.hr,
        claim=claim,
        family="国家职业资格",
        occupation="电工",
        level="技师",
        number="NOPE-2",
        issuer_name="绍兴市职业技能鉴定中心",
        issued_on="2021-01-20",
    )
    assert claim.status == S.CHECKED and str(claim.amount) == "10000.00"
    cert = Certificate.objects.get(number="NOPE-2")
    assert cert.source == "hr_verified" and cert.person == cast.trainee_person and cert.evidence_id
    assert "证书 NOPE-2 已在证书库登记" in _details(claim) and "人社局核验" in _details(claim)
    assert claim.verifications.get().status == Verification.Status.ACCEPTED
    assert AuditEntry.objects.filter(action="certificate.verify_accept", object_id=str(claim.pk)).exists()
    # re-checks at every review step keep finding the certificate; a 技能晋升 bonus is the HR bureau's
    # own scheme (第19条), so one HR officer reviews as competent department and another as HR
    assert claim.department == cast.hr_bureau
    claim = claim_review(claim=claim, actor=cast.hr, decision="approve")
    claim = claim_review(claim=claim, actor=cast.hradmin, decision="approve")
    assert claim.status == S.HR_APPROVED


def test_hr_accepting_a_certificate_that_does_not_fit_refuses_the_claim(cast):
    claim = _apply(cast, number="NOPE-3")
    claim = queue.verification_accept(
        actor=cast.hr,
        claim=claim,
        family="国家职业资格",
        occupation="电工",
        level="高级",  # the scan shows 高级, the claim says 技师
        number="NOPE-3",
        issuer_name="绍兴市职业技能鉴定中心",
        issued_on="2021-01-20",
    )
    assert claim.status == S.REFUSED and claim.refusals == ["certificate_mismatch"] and claim.amount == 0


def test_hr_refuses_with_a_reason_and_the_claim_is_refused(cast):
    claim = _apply(cast, number="FAKE-1")
    with pytest.raises(RuleViolation):
        queue.verification_refuse(actor=cast.hr, claim=claim, reason=" ")
    claim = queue.verification_refuse(actor=cast.hr, claim=claim, reason="鉴定中心查无此证")
    assert claim.status == S.REFUSED and claim.refusals == ["certificate_unverified"]
    assert claim.amount == 0 and "鉴定中心查无此证" in _details(claim)
    assert AuditEntry.objects.filter(action="certificate.verify_refuse").count() == 1
    with pytest.raises(StateConflict):
        queue.verification_refuse(actor=cast.hr, claim=claim, reason="again")
    # corrected and resubmitted: still not in the register, so it waits again (a new round)
    claim = claim_resubmit(actor=cast.trainee, claim=claim)
    assert claim.status == S.CERT_PENDING


def test_only_hr_decides(cast):
    claim = _apply(cast, number="NOPE-4")
    for user in (cast.dept, cast.finance, cast.trainee, cast.auditor):
        with pytest.raises(NotAllowed):
            queue.verification_refuse(actor=user, claim=claim, reason="x")


@pytest.mark.parametrize(
    "cert, why",
    [
        ({"level": "高级"}, "等级"),
        ({"level": "技师", "occupation": "焊工"}, "职业"),
        ({"level": "技师", "issued_on": dt.date(2021, 3, 2)}, "晚于"),
        ({"level": "技师", "family": "special_ability"}, "类别"),
    ],
)
def test_a_registered_certificate_that_does_not_fit_leaves_the_claim_pending(cast, cert, why):
    registered(cast.trainee_person, "Z9", **{"occupation": "电工", **cert})
    claim = _apply(cast, number="Z9", facts={"occupation": "电工"})
    assert claim.status == S.CERT_PENDING
    assert why in _details(claim) and "待人社局核验证书" in _details(claim)


def test_another_persons_certificate_does_not_count(cast):
    registered(cast.other_person, "Z10", "技师")
    assert _apply(cast, number="Z10").status == S.CERT_PENDING


def test_a_certificate_issued_before_the_plan_fits_only_a_scheme_with_old_standards(cast):
    registered(cast.trainee_person, "OLD-1", "技师", issued_on=dt.date(2019, 5, 1))
    old_grant = _apply(cast, scheme="high_skill_training_grant", number="OLD-1", day=dt.date(2019, 6, 1))
    assert old_grant.status == S.CHECKED and str(old_grant.amount) == "2000.00"
    registered(cast.trainee_person, "OLD-2", "中级", issued_on=dt.date(2019, 5, 1))
    upgrade = _apply(cast, scheme="ui_skill_upgrade", level="中级", number="OLD-2", day=dt.date(2020, 1, 10))
    assert upgrade.status == S.CERT_PENDING and "有效期" in _details(upgrade)


def test_evidence_is_checked_by_its_bytes_and_stored_with_a_random_name(cast, settings):
    exe = SimpleUploadedFile("scan.png", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(RuleViolation, match="PDF、JPEG 或 PNG") as exc:
        _apply(cast, number="NOPE-5", evidence=exe)
    assert exc.value.errors[0].field == "evidence"
    assert not Claim.objects.exists()  # nothing half-written
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(RuleViolation, match="10 MB"):
        _apply(cast, number="NOPE-5", evidence=big)
    claim = _apply(cast, number="NOPE-5", evidence=SimpleUploadedFile("../../etc/passwd.pdf", b"%PDF-1.4 x"))
    ev = Evidence.objects.get()
    assert ev.content_type == "application/pdf" and ev.stored_name.endswith(".pdf")
    assert "passwd" not in ev.stored_name and len(ev.stored_name) == 36
    stored = settings.MEDIA_ROOT / "certificates" / ev.stored_name
    assert stored.read_bytes() == b"%PDF-1.4 x"
    assert claim.verifications.get().evidence == ev


def test_a_scan_can_be_added_while_pending_only_by_the_applicant_or_hr(cast):
    claim = _apply(cast, number="NOPE-6")
    with pytest.raises(NotAllowed):
        queue.evidence_attach(actor=cast.other_trainee, claim=claim, upload=SimpleUploadedFile("a.png", PNG))
    queue.evidence_attach(actor=cast.trainee, claim=claim, upload=SimpleUploadedFile("a.png", PNG))
    assert claim.verifications.get().evidence.content_type == "image/png"
    queue.verification_refuse(actor=cast.hr, claim=claim, reason="查无此证")
    with pytest.raises(StateConflict):
        queue.evidence_attach(actor=cast.trainee, claim=claim, upload=SimpleUploadedFile("b.png", PNG))

"""The demo district's integrity (issue 11 item 8): the nightly scan of the seeded demo finds every fraud
integrity/demo.py planted, leaves its honest look-alikes alone, and flags nothing else in the honest
district (the training demo's attendance has real check-in moments, own phones and face queues)."""

import pytest

from skillup.accounts.models import AuditEntry
from skillup.integrity.models import FLAG, Finding, ScanRun
from skillup.subsidies.models import Claim
from skillup.training.models import Attendance

pytestmark = pytest.mark.django_db


def _planted():
    changes = AuditEntry.objects.get(action="demo.seed_integrity").changes
    return changes["planted"][1], changes["lookalikes"][1]


def _flags():
    return list(Finding.objects.filter(score__gte=FLAG, source=Finding.Source.ENGINE))


def test_the_demo_opens_with_a_nightly_scan_that_finds_every_planted_fraud(demo):
    run = ScanRun.objects.get()
    assert run.trigger == ScanRun.Trigger.NIGHTLY and run.status == ScanRun.Status.DONE
    assert run.engine_version and run.thresholds and run.findings_total > 0
    planted, _ = _planted()
    signals = set(planted["classes"].values()) | set(planted["persons"].values())
    assert signals == {
        "shared_phones",
        "cloned_checkins",
        "backfilled",
        "double_presence",
        "shared_payee",
        "serial_trainee",
        "implausible_age",
    }
    flags = _flags()
    on_class = {(f.subject_ref, f.signal) for f in flags if f.subject_type == "class"}
    for code, signal in planted["classes"].items():
        assert (code, signal) in on_class, (code, signal)
    for ref, signal in planted["persons"].items():
        pk = int(ref[1:])
        if signal == "serial_trainee":
            assert any(f.subject_type == "person" and f.person_id == pk and f.signal == signal for f in flags)
            continue
        claims = set(Claim.objects.filter(person_id=pk).values_list("pk", flat=True))
        assert claims, ref  # the subsidies demo claimed the planted trainee's result
        caught = {f.claim_id for f in flags if f.signal == signal and f.claim_id in claims}
        assert caught == claims, (ref, signal)
    # Every finding explains itself in Chinese and names its records.
    for f in flags:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.detail) and f.evidence


def test_honest_lookalikes_and_the_rest_of_the_honest_district_are_left_alone(demo):
    planted, lookalikes = _planted()
    assert len(lookalikes["classes"]) >= 6 and len(lookalikes["persons"]) >= 2
    persons = {int(ref[1:]) for ref in planted["persons"]}
    expected = set(planted["classes"]) | set(planted["genuine"])  # the genuine class of a double presence
    stray = []
    for f in _flags():
        if f.subject_type == "class" and f.subject_ref in expected:
            continue
        if f.person_id in persons:
            continue
        stray.append((f.subject_type, f.subject_ref, f.signal, f.detail))
    assert stray == []
    flagged_classes = {f.subject_ref for f in _flags() if f.subject_type == "class"}
    assert not set(lookalikes["classes"]) & flagged_classes
    looked = {int(ref[1:]) for ref in lookalikes["persons"]}
    assert Claim.objects.filter(person_id__in=looked).exists()  # the 66- and 64-year-olds were paid
    assert not [f for f in _flags() if f.person_id in looked]


def test_honest_demo_attendance_has_terminal_moments_own_phones_and_face_queues(demo):
    """What makes the honest district look honest (training/demo.py Stamps)."""
    qr = Attendance.objects.filter(method="qr")
    assert not qr.filter(checked_in_at__isnull=True).exists() and not qr.filter(device="").exists()
    face = Attendance.objects.filter(method="face")
    assert not face.filter(checked_in_at__isnull=True).exists()
    manual = Attendance.objects.filter(method="manual")
    assert manual.exists() and not manual.filter(checked_in_at__isnull=False).exists()
    # one phone per trainee: a device fingerprint belongs to one person (a couple's shared phone aside)
    from django.db.models import Count

    shared = (
        qr.values("device").annotate(people=Count("enrolment__person", distinct=True)).filter(people__gt=2)
    )
    assert not shared.exclude(device__in=_cloned_devices()).exists()


def _cloned_devices():
    planted, _ = _planted()
    return set(
        Attendance.objects.filter(
            enrolment__klass__code__in=[c for c, s in planted["classes"].items() if s == "cloned_checkins"],
            method="qr",
        ).values_list("device", flat=True)
    )


def test_the_demo_has_one_case_of_each_outcome_and_a_spot_check_draw(demo):
    from skillup.fund.selectors import receivables_of
    from skillup.integrity.models import Case, SpotDraw
    from skillup.integrity.selectors_cases import case_claims

    cleared = Case.objects.get(outcome=Case.Outcome.CLEARED)
    confirmed = Case.objects.get(outcome=Case.Outcome.CONFIRMED)
    planted, _ = _planted()
    # The cleared case is the genuine class of a double presence; its finding is cleared with the reason.
    (finding,) = cleared.findings.all()
    assert finding.subject_ref in planted["genuine"] and finding.status == Finding.Status.CLEARED
    assert cleared.closed_by != cleared.assignee
    assert {e.kind for e in cleared.events.all()} >= {"opened", "interview", "onsite", "outcome"}
    # The confirmed case is a planted fraud: its paid claims became receivables, one already repaid.
    (fraud,) = confirmed.findings.all()
    assert planted["classes"][fraud.subject_ref] == fraud.signal and fraud.status == Finding.Status.CONFIRMED
    owed = receivables_of(case_claims(confirmed).values_list("pk", flat=True))
    assert (
        owed and any(o["repaid"] > 0 for o in owed.values()) and any(o["balance"] > 0 for o in owed.values())
    )
    draw = SpotDraw.objects.get()
    assert draw.items.exists() and not draw.items.filter(auditor__isnull=True).exists()

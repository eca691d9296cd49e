"""The database side of integrity: the export in the contract's format, runs that store findings, the
nightly task, clearing, the money-hold rule and the device fingerprint of QR check-ins."""

import datetime as dt
import gzip
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.registry import claim_holds
from skillup.integrity import engine, services
from skillup.integrity.export import claim_ref, keyed, person_ref, records
from skillup.integrity.models import Finding, ScanRun
from skillup.registry import crypto
from skillup.training.models import Attendance, Enrolment, Session
from tests.factories import PersonFactory
from tests.subsidies.factories import claims_for_class, finished_class

pytestmark = pytest.mark.django_db

FACE_START = dt.datetime(2021, 5, 10, 8, 30)


def _face_day(klass, people, gap_seconds: float, device="FACE-9-1"):
    """One session of the class, every trainee checked in on one face terminal `gap_seconds` apart."""
    session, _ = Session.objects.get_or_create(
        klass=klass,
        date=FACE_START.date(),
        starts_at=dt.time(8, 30),
        defaults={"ends_at": dt.time(17, 0), "hours": 8, "secret": "s"},
    )
    for i, enrolment in enumerate(Enrolment.objects.filter(klass=klass).order_by("pk")[:people]):
        at = timezone.make_aware(FACE_START + dt.timedelta(seconds=gap_seconds * i))
        Attendance.objects.create(
            enrolment=enrolment,
            session=session,
            date=session.date,
            hours=8,
            method="face",
            device=device,
            checked_in_at=at,
            recorded_at=at,
        )


def _cloned_class(cast, people=8):
    klass = finished_class(cast, people=people, end=dt.date(2021, 5, 20))
    _face_day(klass, people, gap_seconds=1)
    return klass


def test_export_never_carries_an_identity_number_and_hashes_phones_and_accounts(cast):
    klass = finished_class(cast, people=2)
    person = Enrolment.objects.filter(klass=klass).first().person
    plain_id = crypto.decrypt(person.id_cipher)
    out = list(records())
    text = json.dumps(out, ensure_ascii=False)
    assert plain_id not in text and person.name not in text
    assert person.phone and person.phone not in text
    people = [r for r in out if r["type"] == "person"]
    mine = next(r for r in people if r["id"] == person_ref(person.pk))
    assert mine["phone"] == keyed(person.phone) and len(mine["phone"]) == 24
    assert {r["type"] for r in out} >= {"institution", "person", "class", "enrolment", "result"}
    assert [r for r in out if r["type"] == "class"][0]["id"] == klass.code


def test_keyed_hashes_keep_equal_values_equal_and_depend_on_the_key(settings):
    first = keyed("13900000001")
    assert keyed("13900000001") == first != keyed("13900000002")
    settings.LOOKUP_HASH_KEY = "another district key"
    assert keyed("13900000001") != first


def test_export_command_writes_json_lines_the_engine_reads(cast, tmp_path):
    _cloned_class(cast)
    path = tmp_path / "activity.jsonl.gz"
    call_command("integrity", "export", "--output", str(path))
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        activity = engine.read(fh)
    assert len(activity.attendance) == 8
    found = engine.scan(activity)
    assert [f["signal"] for f in found] == ["cloned_checkins"]


def test_a_run_stores_its_findings_with_engine_version_and_thresholds(cast):
    klass = _cloned_class(cast)
    run = services.scan_command()
    assert run.status == ScanRun.Status.DONE
    assert run.engine_version == engine.VERSION
    assert run.thresholds["FACE_GAP_SECONDS"] == 3.0 and run.thresholds["FLAG"] == 0.5
    assert run.counts["attendance"] == 8 and run.findings_total == run.findings_new == 1
    finding = Finding.objects.get()
    assert (finding.subject_type, finding.subject_ref, finding.signal) == (
        "class",
        klass.code,
        "cloned_checkins",
    )
    assert finding.klass == klass and finding.institution == klass.institution
    assert finding.department == klass.department
    assert finding.score >= Decimal("0.50") and "人脸终端" in finding.detail and finding.evidence


def test_later_runs_update_lapse_and_never_reopen_a_cleared_finding(cast):
    klass = _cloned_class(cast)
    services.scan_command()
    second = services.scan_command()
    finding = Finding.objects.get()
    assert second.findings_new == 0 and finding.last_run == second and finding.first_run != second
    # The data changes: the check-ins were real after all (a correction far apart) → lapsed, not deleted.
    Attendance.objects.filter(enrolment__klass=klass).update(
        checked_in_at=timezone.make_aware(FACE_START) + dt.timedelta(minutes=5)
    )
    for i, a in enumerate(Attendance.objects.filter(enrolment__klass=klass).order_by("pk")):
        Attendance.objects.filter(pk=a.pk).update(checked_in_at=a.checked_in_at + dt.timedelta(seconds=6 * i))
    third = services.scan_command()
    finding.refresh_from_db()
    assert third.findings_lapsed == 1 and finding.status == Finding.Status.LAPSED
    # It comes back → open again; cleared → stays cleared on later runs.
    _face_day(finished_class(cast, people=8), 8, gap_seconds=1)
    Attendance.objects.filter(enrolment__klass=klass).delete()
    _face_day(klass, 8, gap_seconds=1)
    services.scan_command()
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    services.finding_clear(actor=cast.auditor, finding=finding, reason="核实为终端时钟故障，已现场确认")
    services.scan_command()
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CLEARED and finding.cleared_by == cast.auditor
    assert Finding.objects.count() == 2


def test_scan_now_is_for_hr_and_one_at_a_time(cast):
    with pytest.raises(NotAllowed):
        services.scan_start(actor=cast.dept)
    ScanRun.objects.create(trigger=ScanRun.Trigger.NIGHTLY, status=ScanRun.Status.RUNNING)
    with pytest.raises(StateConflict, match="正在进行"):
        services.scan_start(actor=cast.hr)


def test_scan_now_runs_after_commit_and_is_audited(cast, django_capture_on_commit_callbacks):
    from skillup.accounts.models import AuditEntry

    _cloned_class(cast)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.scan_start(actor=cast.hr)
    run.refresh_from_db()
    assert run.status == ScanRun.Status.DONE and run.started_by == cast.hr and run.findings_total == 1
    assert AuditEntry.objects.filter(action="integrity.scan_start").count() == 1
    assert AuditEntry.objects.filter(action="integrity.scan").count() == 1


def test_the_nightly_task_is_scheduled_and_stores_a_run(cast, settings):
    from skillup.integrity.tasks import nightly

    assert settings.CELERY_BEAT_SCHEDULE["integrity-nightly"]["task"] == "integrity.nightly"
    _cloned_class(cast)
    nightly()
    assert ScanRun.objects.get().trigger == ScanRun.Trigger.NIGHTLY
    assert Finding.objects.count() == 1


def test_a_failing_run_is_kept_with_its_message(cast, monkeypatch):
    monkeypatch.setattr(services, "records", lambda: iter([{"type": "class"}]))  # a broken record
    run = services.scan_command()
    assert run.status == ScanRun.Status.FAILED and "扫描失败" in run.error and run.finished_at


def test_clearing_needs_a_reason_a_reader_role_and_not_ones_own_finding(cast):
    _cloned_class(cast)
    services.scan_command()
    finding = Finding.objects.get()
    with pytest.raises(NotAllowed):
        services.finding_clear(actor=cast.finance, finding=finding, reason="我看没问题吧")
    with pytest.raises(RuleViolation, match="排除理由"):
        services.finding_clear(actor=cast.hr, finding=finding, reason=" ")
    Finding.objects.filter(pk=finding.pk).update(raised_by=cast.auditor)
    with pytest.raises(NotAllowed, match="本人提出"):
        services.finding_clear(actor=cast.auditor, finding=finding, reason="抽查复核无问题")
    services.finding_clear(actor=cast.hr, finding=finding, reason="抽查复核无问题，学员电话均确认参训")
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CLEARED and finding.clear_reason.startswith("抽查复核")
    with pytest.raises(NotAllowed, match="无需排除"):
        services.finding_clear(actor=cast.hr, finding=finding, reason="再排除一次试试")


def test_open_flags_on_the_class_person_or_claim_hold_the_money(cast):
    claims = claims_for_class(cast, people=3)
    other = claims_for_class(cast, people=1)
    assert claim_holds(claims + other) == {}
    klass = claims[0].klass
    Finding.objects.create(
        key="k1",
        signal="backfilled",
        subject_type="class",
        subject_ref=klass.code,
        klass=klass,
        score=Decimal("0.72"),
        detail="补录",
    )
    held = claim_holds(claims + other)
    assert set(held) == {c.pk for c in claims} and "所在班级" in held[claims[0].pk][0]
    Finding.objects.filter(key="k1").update(score=Decimal("0.49"))
    assert claim_holds(claims) == {}
    person = other[0].person
    Finding.objects.create(
        key="k2",
        signal="serial_trainee",
        subject_type="person",
        subject_ref=person_ref(person.pk),
        person=person,
        score=Decimal("0.60"),
        detail="反复",
    )
    assert set(claim_holds(claims + other)) == {other[0].pk}
    Finding.objects.filter(key="k2").update(status=Finding.Status.LAPSED)
    Finding.objects.create(
        key="k3",
        signal="shared_payee",
        subject_type="claim",
        subject_ref=claim_ref(claims[1].pk),
        claim=claims[1],
        score=Decimal("0.90"),
        detail="共用账户",
    )
    held = claim_holds(claims + other)
    assert set(held) == {claims[1].pk} and "本申领" in held[claims[1].pk][0]


def test_qr_check_ins_record_the_phone_and_the_moment(cast, client, settings):
    from skillup.training import attendance
    from skillup.training.models import TrainingClass

    settings.SKILLUP_TODAY = "2021-05-10"
    klass = finished_class(cast, people=[cast.trainee_person], end=dt.date(2021, 5, 20))
    TrainingClass.objects.filter(pk=klass.pk).update(status=TrainingClass.Status.RUNNING)
    session = Session.objects.create(
        klass=klass,
        date=dt.date(2021, 5, 10),
        starts_at=dt.time(8, 30),
        ends_at=dt.time(12),
        hours=4,
        secret="abc",
    )
    client.force_login(cast.trainee, backend="skillup.accounts.backends.SkillUpBackend")
    client.get("/")
    device = client.cookies["skillup_device"].value
    url = f"/training/checkin/{session.pk}/{attendance.qr_token(session)}/"
    client.post(url)
    event = Attendance.objects.get(session=session)
    assert event.device == device and len(device) == 32 and event.checked_in_at is not None


def test_face_records_may_carry_the_terminals_moment(cast, settings):
    from skillup.training import attendance
    from skillup.training.models import TrainingClass

    settings.SKILLUP_TODAY = "2021-05-12"
    klass = finished_class(cast, people=[cast.trainee_person], end=dt.date(2021, 5, 20))
    TrainingClass.objects.filter(pk=klass.pk).update(status=TrainingClass.Status.RUNNING)
    number = crypto.decrypt(cast.trainee_person.id_cipher)
    base = {"id_number": number, "date": "2021-05-11", "hours": 4, "method": "face", "device": "F1"}
    with pytest.raises(RuleViolation, match="当天"):
        attendance.attendance_record(
            actor=cast.institution, klass=klass, records=[{**base, "at": "2021-05-10T08:31:02"}]
        )
    with pytest.raises(RuleViolation, match="签到时间格式"):
        attendance.attendance_record(actor=cast.institution, klass=klass, records=[{**base, "at": "8点半"}])
    attendance.attendance_record(
        actor=cast.institution, klass=klass, records=[{**base, "at": "2021-05-11T08:31:02"}]
    )
    event = Attendance.objects.get()
    assert timezone.localtime(event.checked_in_at).strftime("%H:%M:%S") == "08:31:02"
    exported = [r for r in records() if r["type"] == "attendance"]
    assert exported[0]["at"].endswith("08:31:02") and exported[0]["at_source"] == "terminal"


def test_face_records_without_the_terminals_moment_do_not_count_as_a_clone(cast):
    klass = finished_class(cast, people=8)
    session = Session.objects.create(
        klass=klass,
        date=FACE_START.date(),
        starts_at=dt.time(8, 30),
        ends_at=dt.time(17),
        hours=8,
        secret="s",
    )
    for enrolment in Enrolment.objects.filter(klass=klass):
        Attendance.objects.create(
            enrolment=enrolment, session=session, date=session.date, hours=8, method="face", device="F"
        )
    assert services.scan_command().findings_total == 0


def test_the_command_line_scan_of_an_export_matches_the_stored_run(cast, tmp_path):
    _cloned_class(cast)
    finished_class(cast, people=[PersonFactory(birth_date=dt.date(2010, 1, 1))])
    path = tmp_path / "a.jsonl"
    call_command("integrity", "export", "--output", str(path))
    out = io.StringIO()
    from skillup.integrity.engine.cli import run

    findings = tmp_path / "f.jsonl"
    assert run(str(path), str(findings), stderr=out) == 0
    from_file = sorted(
        (f["subject"]["id"], f["signal"]) for f in map(json.loads, findings.read_text().splitlines())
    )
    services.scan_command()
    stored = sorted(Finding.objects.values_list("subject_ref", "signal"))
    assert from_file == stored

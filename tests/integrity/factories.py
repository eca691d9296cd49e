"""Builders for the integrity app's database tests: a class whose roster shares a few phones (the engine
flags it for real), findings on a class, claim or person written as a scan would write them, a case."""

from decimal import Decimal

from django.utils import timezone

from skillup.integrity.export import claim_ref, person_ref
from skillup.integrity.models import Case, Finding, ScanRun
from skillup.integrity.services import finding_key
from tests.factories import PersonFactory
from tests.subsidies.factories import finished_class

_seq = {"n": 0}


def shared_phone_class(cast, *, people=8, **kw):
    """A finished class of `people` trainees registered with two phone numbers (shared_phones fires)."""
    _seq["n"] += 1
    persons = [PersonFactory(phone=f"1390000{_seq['n']:02d}{i % 2:02d}") for i in range(people)]
    return finished_class(cast, people=persons, **kw)


def _run() -> ScanRun:
    return ScanRun.objects.create(
        trigger=ScanRun.Trigger.COMMAND,
        status=ScanRun.Status.DONE,
        engine_version="test",
        thresholds={"FLAG": 0.5, "PHONE_GROUP": 3},
        counts={"class": 1},
    )


def class_finding(klass, *, signal="cloned_checkins", score="0.80", status=Finding.Status.OPEN, **kw):
    run = _run()
    evidence = kw.pop(
        "evidence",
        [
            f"attendance {klass.code} {person_ref(e.person_id)} 2021-05-10T08:12:0{i}"
            for i, e in enumerate(klass.enrolments.all()[:3])
        ],
    )
    return Finding.objects.create(
        key=finding_key("class", klass.code, signal),
        signal=signal,
        subject_type=Finding.Subject.CLASS,
        subject_ref=klass.code,
        klass=klass,
        institution_id=klass.institution_id,
        department_id=klass.department_id,
        score=Decimal(score),
        detail=kw.pop("detail", "2021-05-10 08:12:00 起 3 秒内同一人脸终端为 3 名学员签到"),
        evidence=evidence,
        status=status,
        first_run=run,
        last_run=run,
        last_seen_at=timezone.now(),
        **kw,
    )


def claim_finding(claim, *, signal="shared_payee", score="0.70", status=Finding.Status.OPEN, **kw):
    ref = claim_ref(claim.pk)
    return Finding.objects.create(
        key=finding_key("claim", ref, signal),
        signal=signal,
        subject_type=Finding.Subject.CLAIM,
        subject_ref=ref,
        claim=claim,
        klass_id=claim.klass_id,
        person_id=claim.person_id,
        institution_id=claim.institution_id or (claim.klass.institution_id if claim.klass_id else None),
        department_id=claim.department_id,
        score=Decimal(score),
        detail="同一个人账户收取 3 名不同人员的补贴",
        evidence=[f"claim {ref} {person_ref(claim.person_id)}"],
        status=status,
        last_seen_at=timezone.now(),
        **kw,
    )


def person_finding(person, *, signal="serial_trainee", score="0.75", status=Finding.Status.OPEN, **kw):
    ref = person_ref(person.pk)
    return Finding.objects.create(
        key=finding_key("person", ref, signal),
        signal=signal,
        subject_type=Finding.Subject.PERSON,
        subject_ref=ref,
        person=person,
        score=Decimal(score),
        detail="3 年内申领 6 次补贴，涉及 4 个不同职业",
        evidence=[f"person {ref}"],
        status=status,
        last_seen_at=timezone.now(),
        **kw,
    )


def open_case(cast, *findings, code=None):
    """A case opened by HR from these findings (rows only: the cases workflow has its own services)."""
    _seq["n"] += 1
    case = Case.objects.create(
        code=code or f"HC2021{_seq['n']:04d}",
        title="核查",
        opened_by=cast.hr,
        institution_id=findings[0].institution_id if findings else None,
    )
    case.findings.add(*findings)
    return case

"""Writes of the integrity app: run the engine over the database and keep its findings; clear a finding.

One run = one pass of the pure engine (integrity/engine) over `export.records()`, the same stream the
`skillup integrity export` command writes, so the app and a third party's scan of an export agree. The
run stores the engine version and every threshold it used. Findings are keyed by subject and signal:
a later run updates the figures of one it sees again, marks lapsed an open one it no longer sees, and
never reopens one a person cleared or a case settled. Nothing is deleted.
"""

from __future__ import annotations

import logging
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.integrity import engine
from skillup.integrity.engine.records import Activity, add
from skillup.integrity.export import records, ref_pk
from skillup.integrity.models import Finding, ScanRun
from skillup.integrity.permissions import can_clear_finding, can_run_scan
from skillup.registry.models import Organisation, OrgKind
from skillup.subsidies.models import Claim
from skillup.training.models import TrainingClass

log = logging.getLogger(__name__)
F = Finding.Status
BUSY = (ScanRun.Status.QUEUED, ScanRun.Status.RUNNING)


def finding_key(subject_type: str, subject_ref: str, signal: str) -> str:
    return f"{subject_type}:{subject_ref}:{signal}"


def scan_start(*, actor) -> ScanRun:
    """HR's "scan now": queues a run; the worker starts it after commit (in-process when embedded)."""
    require(can_run_scan(actor))
    with transaction.atomic():
        busy = ScanRun.objects.select_for_update().filter(status__in=BUSY).first()
        if busy is not None:
            raise StateConflict(f"扫描 #{busy.pk} 正在进行，请等它完成后再发起")
        run = ScanRun.objects.create(trigger=ScanRun.Trigger.MANUAL, started_by=actor)
        audit.record(actor=actor, action="integrity.scan_start", obj=run, summary=f"发起诚信扫描 #{run.pk}")
        from skillup.integrity.tasks import scan  # the task module imports this one

        transaction.on_commit(lambda: scan.delay(run.pk))
    return run


def scan_nightly() -> ScanRun | None:
    """The nightly run (Celery beat). Skipped when another run is still going."""
    with transaction.atomic():
        if ScanRun.objects.select_for_update().filter(status__in=BUSY).exists():
            return None
        run = ScanRun.objects.create(trigger=ScanRun.Trigger.NIGHTLY)
    return scan_run(run.pk)


def scan_command() -> ScanRun:
    """`skillup integrity scan --store`: a run started from the command line, stored like any other."""
    run = ScanRun.objects.create(trigger=ScanRun.Trigger.COMMAND)
    return scan_run(run.pk)


def activity() -> tuple[Activity, dict]:
    """The database's activity as the engine reads it, and how many records of each type it holds."""
    act = Activity()
    counts: dict[str, int] = {}
    for r in records():
        add(act, r)
        counts[r["type"]] = counts.get(r["type"], 0) + 1
    return act, counts


def scan_run(run_id: int) -> ScanRun:
    """The task's body: scan and store. A failure is kept on the run with its message, never spinning."""
    run = ScanRun.objects.get(pk=run_id)
    if run.status not in BUSY:
        return run
    began = time.monotonic()
    ScanRun.objects.filter(pk=run.pk).update(
        status=ScanRun.Status.RUNNING,
        started_at=timezone.now(),
        engine_version=engine.VERSION,
        thresholds=engine.snapshot(),
    )
    try:
        act, counts = activity()
        found = engine.scan(act)
        with transaction.atomic():
            run = ScanRun.objects.select_for_update().get(pk=run.pk)
            new, lapsed = _store(run, found)
            run.status = ScanRun.Status.DONE
            run.counts = counts
            run.findings_total, run.findings_new, run.findings_lapsed = len(found), new, lapsed
            run.finished_at = timezone.now()
            run.seconds = Decimal(str(round(time.monotonic() - began, 2)))
            run.save()
            audit.record(
                actor=run.started_by,
                action="integrity.scan",
                obj=run,
                changes={"findings": [None, len(found)], "new": [None, new], "lapsed": [None, lapsed]},
                summary=f"诚信扫描 #{run.pk}：线索 {len(found)} 条，新增 {new} 条，不再触发 {lapsed} 条"
                f"（引擎 {engine.VERSION}）",
            )
    except Exception as exc:  # kept on the run for the page; details go to the log
        log.exception("integrity scan %s failed", run_id)
        ScanRun.objects.filter(pk=run_id).update(
            status=ScanRun.Status.FAILED,
            error=f"扫描失败：{type(exc).__name__}，请联系系统管理员查看日志",
            finished_at=timezone.now(),
        )
        run = ScanRun.objects.get(pk=run_id)
    return run


def _subjects(found: list[dict]) -> dict[tuple[str, str], dict]:
    """The model fields (class, claim, person, institution, department) behind each subject reference."""
    refs: dict[str, set[str]] = {}
    for f in found:
        refs.setdefault(f["subject"]["type"], set()).add(f["subject"]["id"])
    out: dict[tuple[str, str], dict] = {}
    if refs.get("class"):
        for pk, code, inst, dept in TrainingClass.objects.filter(code__in=refs["class"]).values_list(
            "pk", "code", "institution_id", "department_id"
        ):
            out[("class", code)] = {"klass_id": pk, "institution_id": inst, "department_id": dept}
    if refs.get("claim"):
        by_pk = {ref_pk(r): r for r in refs["claim"]}
        for pk, klass, inst, klass_inst, dept, person in Claim.objects.filter(
            pk__in=[k for k in by_pk if k is not None]
        ).values_list(
            "pk", "klass_id", "institution_id", "klass__institution_id", "department_id", "person_id"
        ):
            out[("claim", by_pk[pk])] = {
                "claim_id": pk,
                "klass_id": klass,
                "institution_id": inst or klass_inst,
                "department_id": dept,
                "person_id": person,
            }
    for ref in refs.get("person", ()):
        person_pk = ref_pk(ref)
        if person_pk is not None:
            out[("person", ref)] = {"person_id": person_pk}
    if refs.get("institution"):
        for pk, code in Organisation.objects.filter(
            kind=OrgKind.INSTITUTION, code__in=refs["institution"]
        ).values_list("pk", "code"):
            out[("institution", code)] = {"institution_id": pk}
    return out


def _store(run: ScanRun, found: list[dict]) -> tuple[int, int]:
    now = timezone.now()
    subjects = _subjects(found)
    existing = {f.key: f for f in Finding.objects.filter(source=Finding.Source.ENGINE)}
    seen: set[str] = set()
    created: list[Finding] = []
    changed: list[Finding] = []
    for f in found:
        kind, ref, signal = f["subject"]["type"], f["subject"]["id"], f["signal"]
        key = finding_key(kind, ref, signal)
        if key in seen:
            continue
        seen.add(key)
        score = Decimal(str(f["score"])).quantize(Decimal("0.01"))
        old = existing.get(key)
        if old is None:
            created.append(
                Finding(
                    key=key,
                    signal=signal,
                    subject_type=kind,
                    subject_ref=ref,
                    score=score,
                    detail=f["detail"],
                    evidence=f["evidence"],
                    first_run=run,
                    last_run=run,
                    last_seen_at=now,
                    **subjects.get((kind, ref), {}),
                )
            )
            continue
        old.last_run, old.last_seen_at = run, now
        if old.status in (F.OPEN, F.LAPSED):
            # A cleared or confirmed finding keeps the figures it was decided on.
            old.status, old.score, old.detail, old.evidence = F.OPEN, score, f["detail"], f["evidence"]
        changed.append(old)
    lapsed = [old for k, old in existing.items() if k not in seen and old.status == F.OPEN]
    for stale in lapsed:
        stale.status = F.LAPSED
    Finding.objects.bulk_create(created, batch_size=1000)
    Finding.objects.bulk_update(
        changed + lapsed,
        ["status", "score", "detail", "evidence", "last_run", "last_seen_at"],
        batch_size=1000,
    )
    return len(created), len(lapsed)


def finding_clear(*, actor, finding: Finding, reason: str) -> Finding:
    """An auditor or HR clears an open finding with a reason; the money it held is released."""
    reason = (reason or "").strip()
    with transaction.atomic():
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        require(can_clear_finding(actor, finding))
        if len(reason) < 4:
            raise RuleViolation(
                [
                    FieldError(
                        "请写明排除理由（至少 4 个字），如核实经过和依据", field="reason", label="排除理由"
                    )
                ]
            )
        finding.status = F.CLEARED
        finding.cleared_by, finding.cleared_at, finding.clear_reason = actor, timezone.now(), reason[:500]
        finding.save(update_fields=["status", "cleared_by", "cleared_at", "clear_reason"])
        audit.record(
            actor=actor,
            action="integrity.finding_clear",
            obj=finding,
            changes={"status": [F.OPEN, F.CLEARED], "reason": [None, finding.clear_reason]},
            summary=f"排除诚信线索 #{finding.pk}（{finding.subject_ref} {engine.LABELS.get(finding.signal, finding.signal)}）",
        )
    return finding

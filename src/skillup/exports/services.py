"""Writes of the exports app: start a background export, run it with progress, forget old files."""

import datetime as dt
import logging
import secrets
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.core.xlsx import build_workbook
from skillup.exports import registry
from skillup.exports.models import ExportJob

log = logging.getLogger(__name__)
FOLDER = "exports"
PROGRESS_EVERY = 500  # rows between two progress writes
KEEP_DAYS = 7


def inline_limit() -> int:
    """Exports up to this many rows are answered at once; larger ones run as a job with progress."""
    return int(getattr(settings, "EXPORT_INLINE_ROWS", 1000))


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def file_path(job: ExportJob) -> Path:
    return folder() / job.stored_name


def workbook(exp: registry.Exporter, params: dict, rows: Iterable[Sequence]) -> bytes:
    return build_workbook(
        title=exp.title,
        headers=exp.headers,
        rows=rows,
        money_columns=exp.money_columns,
        total_columns=exp.total_columns,
        subtitle=exp.subtitle(params) if exp.subtitle else "",
    )


def export_start(*, actor, name: str, params: dict, total: int) -> ExportJob:
    """Queues the export `name` for `actor` with the page's filters; the task starts after commit."""
    exp = registry.get(name)
    _forget_old()
    with transaction.atomic():
        job = ExportJob.objects.create(
            name=name, title=exp.title, params=params, requested_by=actor, total=total
        )
        audit.record(
            actor=actor,
            action="export.start",
            obj=job,
            changes={"name": [None, name], "params": [None, params], "rows": [None, total]},
            summary=f"导出 {exp.title}（{total} 行）",
        )
        from skillup.exports.tasks import run_export  # the task module imports this one

        transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def _counted(job_id: int, rows: Iterable[Sequence]) -> Iterator[Sequence]:
    done = 0
    last = time.monotonic()
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0 or time.monotonic() - last > 1:
            ExportJob.objects.filter(pk=job_id).update(done=done)
            last = time.monotonic()
    ExportJob.objects.filter(pk=job_id).update(done=done)


def export_run(job_id: int) -> None:
    """The task's body: writes the file with progress. A failure is stored on the job with a message the
    page shows; the job is never left spinning."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.finished:
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    try:
        exp = registry.get(job.name)
        total, rows = exp.fn(job.requested_by, dict(job.params))
        ExportJob.objects.filter(pk=job.pk).update(total=total)
        content = workbook(exp, job.params, _counted(job.pk, rows))
        stored = f"{secrets.token_hex(16)}.xlsx"
        folder().mkdir(parents=True, exist_ok=True)
        (folder() / stored).write_bytes(content)
    except Exception:  # shown on the job page; the details go to the log
        log.exception("export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            error="生成失败，请稍后重试；如仍失败请联系系统管理员",
            finished_at=timezone.now(),
        )
        return
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE, stored_name=stored, finished_at=timezone.now()
    )


def _forget_old() -> None:
    """Files of exports older than KEEP_DAYS are removed (the job row stays, marked without a file)."""
    cutoff = timezone.now() - dt.timedelta(days=KEEP_DAYS)
    for job in ExportJob.objects.filter(requested_at__lt=cutoff).exclude(stored_name=""):
        file_path(job).unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(stored_name="")

"""Background work of the exports app: one large spreadsheet per task."""

from celery import shared_task

from skillup.exports.services import export_run


@shared_task(name="exports.run")
def run_export(job_id: int) -> None:
    export_run(job_id)

"""Background work of the integrity app: the nightly scan and HR's "scan now" (issue 11 item 2)."""

from celery import shared_task

from skillup.integrity import services


@shared_task(name="integrity.scan")
def scan(run_id: int) -> None:
    services.scan_run(run_id)


@shared_task(name="integrity.nightly")
def nightly() -> None:
    services.scan_nightly()

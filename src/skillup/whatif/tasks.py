"""Background work of the what-if screen: a comparison over a year's claims (~8,000 in the demo)."""

from celery import shared_task

from skillup.whatif.services import run_execute


@shared_task(name="whatif.run_compare")
def run_compare(run_id: int) -> None:
    run_execute(run_id)

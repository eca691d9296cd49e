"""Background jobs of the subsidies context."""

import logging

from celery import shared_task

from skillup.subsidies.services_rollup import rollup_verify

log = logging.getLogger("skillup.rollup")


@shared_task(name="subsidies.rollup_verify")
def rollup_verify_task() -> dict:
    """Nightly (CELERY_BEAT_SCHEDULE): the dashboard's rollup against a fresh aggregate of the claims. A
    difference is logged as an error (the operators' alert) and left for `skillup rollup --rebuild`."""
    found = rollup_verify()
    if found:
        log.error("claim rollup differs from the claims in %d rows: %s", len(found), "; ".join(found[:10]))
    return {"ok": not found, "differences": len(found)}

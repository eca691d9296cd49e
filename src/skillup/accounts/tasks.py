"""Background jobs of the accounts context."""

import logging

from celery import shared_task

from skillup.accounts import audit, checkpoints

log = logging.getLogger("skillup.audit")


@shared_task(name="skillup.audit_verify")
def audit_verify_task() -> dict:
    """Nightly integrity check of the audit trail against its chain and its signed checkpoints."""
    finding = audit.verify()
    report = checkpoints.check()
    problems = ([str(finding)] if finding else []) + report.problems + report.ignored
    if problems:
        log.error("audit trail check failed: %s", "; ".join(problems))
    return {"ok": not problems, "finding": str(finding) if finding else "", "problems": problems}


@shared_task(name="skillup.audit_checkpoint")
def audit_checkpoint_task() -> dict:
    """Hourly (CELERY_BEAT_SCHEDULE): anchor the chain outside the database."""
    try:
        cp = checkpoints.checkpoint_write()
    except checkpoints.CheckpointRefused as exc:  # already logged as an error
        return {"ok": False, "problem": str(exc)}
    return {"ok": True, "count": cp.count, "hash": cp.hash, "key_id": cp.key_id}

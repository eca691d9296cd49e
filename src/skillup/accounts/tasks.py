"""Background jobs of the accounts context."""

from celery import shared_task

from skillup.accounts import audit


@shared_task(name="skillup.audit_verify")
def audit_verify_task() -> dict:
    """Nightly integrity check of the audit trail (schedule it with celery beat or cron)."""
    finding = audit.verify()
    return {"ok": finding is None, "finding": str(finding) if finding else ""}

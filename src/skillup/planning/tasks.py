"""Background work of planning: the daily reminders (called by the scheduler, or `skillup send-reminders`)."""

from celery import shared_task

from skillup.planning.reminders import reminders_send


@shared_task(name="planning.send_reminders")
def send_reminders() -> int:
    return reminders_send()

"""Background work of the training app."""

from celery import shared_task

from skillup.training.services import classes_advance


@shared_task(name="training.classes_advance")
def classes_advance_task() -> dict:
    """Daily (beat, shortly after midnight): move classes by the business date — approved classes whose
    first day has come start, running classes whose last day has passed finish."""
    return classes_advance()

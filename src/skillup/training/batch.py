"""The common end of a batch write (attendance, results): every row checked first, then all or nothing."""

from django.db import IntegrityError, transaction

from skillup.core.errors import FieldError, RuleViolation, StateConflict


def bulk_save(model, rows: list, errors: list[FieldError], *, conflict: str) -> None:
    """Refuses the whole batch with its row errors (in row order), else inserts every row; a uniqueness
    clash with rows written meanwhile is a 409 with `conflict` as the message."""
    if errors:
        errors.sort(key=lambda e: e.row or 0)
        raise RuleViolation(errors)
    try:
        with transaction.atomic():
            model.objects.bulk_create(rows, batch_size=1000)
    except IntegrityError:
        raise StateConflict(conflict) from None

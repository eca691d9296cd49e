"""The common end of a batch write (attendance, results): every row checked first, then all or nothing."""

import dataclasses

from django.db import IntegrityError, transaction

from skillup.core.errors import FieldError, RuleViolation, StateConflict


def labelled(errors: list[FieldError], labels: dict[str, str], *, rows: bool = True) -> list[FieldError]:
    """Each error with the Chinese name of its field; without its row number when the batch was one
    record typed on a page (`rows=False`), where "第1行" would only puzzle."""
    return [
        dataclasses.replace(e, label=e.label or labels.get(e.field or ""), row=e.row if rows else None)
        for e in errors
    ]


def bulk_save(
    model, rows: list, errors: list[FieldError], *, conflict: str, labels: dict | None = None, numbered=True
) -> None:
    """Refuses the whole batch with its row errors (in row order), else inserts every row; a uniqueness
    clash with rows written meanwhile is a 409 with `conflict` as the message."""
    if errors:
        errors.sort(key=lambda e: e.row or 0)
        raise RuleViolation(labelled(errors, labels or {}, rows=numbered))
    try:
        with transaction.atomic():
            model.objects.bulk_create(rows, batch_size=1000)
    except IntegrityError:
        raise StateConflict(conflict) from None

"""Errors a service raises for the view or API to turn into a clear Chinese message.

`RuleViolation` → HTTP 400 `{"errors": [{"row", "field", "message"}]}`: the input breaks a rule and
nothing was written. `StateConflict` → 409: the object's state forbids the action (wrong status, a
duplicate, a cap). `NotAllowed` → 403: the actor may not do this (raised by `core.permissions.require`
from a `can_<action>` verdict). Views show the same messages on the form or as page messages.

This module is the one mapping from service errors to answers: `status_of` for the API and
`page_messages` for pages (called by `core.web.show_error` and the API's exception handlers).
"""

from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class FieldError:
    message: str
    field: str | None = None
    row: int | None = None

    label: str | None = None  # the field's Chinese name shown to people; `field` stays the machine name

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None and k != "label"}

    def __str__(self) -> str:
        """ "第3行 身份证号：…" for an import row; "身份证号：…" on a single form. A machine field name
        (ASCII, such as `id_number`) is never shown to a person: without a Chinese label only the message is."""
        where = []
        if self.row is not None:
            where.append(f"第{self.row}行")
        name = self.label or (self.field if self.field and not self.field.isascii() else None)
        if name:
            where.append(name)
        return f"{' '.join(where)}：{self.message}" if where else self.message


class RuleViolation(Exception):
    def __init__(self, errors: "list[FieldError] | str", field: str | None = None):
        if isinstance(errors, str):
            errors = [FieldError(errors, field=field)]
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    def as_payload(self) -> dict:
        return {"errors": [e.as_dict() for e in self.errors]}


class StateConflict(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)

    def as_payload(self) -> dict:
        return {"errors": [{"message": self.message}]}


class NotAllowed(PermissionDenied):
    """The one "not allowed" error (403). A subclass of Django's PermissionDenied, so a page that lets it
    through gets the 403 page with its message, and the API's handler answers it as JSON."""

    def __init__(self, message: str = "您的角色不能进行此操作"):
        self.message = message or "您的角色不能进行此操作"
        super().__init__(self.message)

    def as_payload(self) -> dict:
        return {"errors": [{"message": self.message}]}


SERVICE_ERRORS = (RuleViolation, StateConflict, NotAllowed)
STATUS = {RuleViolation: 400, StateConflict: 409, NotAllowed: 403}


def status_of(exc: Exception) -> int:
    for kind, status in STATUS.items():
        if isinstance(exc, kind):
            return status
    raise TypeError(f"not a service error: {exc!r}")


def page_messages(exc: Exception, limit: int = 50) -> list[str]:
    """The messages a page shows for a service error: each problem once, at most `limit` of them, and a
    last line that says nothing was saved when there were more."""
    if isinstance(exc, RuleViolation):
        lines = [str(e) for e in exc.errors[:limit]]
        if len(exc.errors) > limit:
            lines.append(f"……共 {len(exc.errors)} 处问题，未保存任何数据。")
        return lines
    return [getattr(exc, "message", None) or str(exc)]

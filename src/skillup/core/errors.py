"""Errors a service raises for the view or API to turn into a clear Chinese message.

`RuleViolation` → HTTP 400 `{"errors": [{"row", "field", "message"}]}`: the input breaks a rule and
nothing was written. `StateConflict` → 409: the object's state forbids the action (wrong status, a
duplicate, a cap). Views show the same messages on the form.
"""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class FieldError:
    message: str
    field: str | None = None
    row: int | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.field:
            where.append(self.field)
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

"""Reading form fields in services (programmes, market): a clear Chinese message naming the field,
collected, never raised one by one (the services raise them together, nothing saved)."""

import datetime as dt

from skillup.core.errors import FieldError


def text(data: dict, field: str, label: str, errors: list, *, limit: int, required: bool = True) -> str:
    value = str(data.get(field) or "").strip()
    if required and not value:
        errors.append(FieldError(f"请填写{label}", field=field, label=label))
    elif len(value) > limit:
        errors.append(FieldError(f"{label}不能超过 {limit} 字", field=field, label=label))
    return value


def count(data: dict, field: str, label: str, errors: list) -> int:
    raw = str(data.get(field) if data.get(field) is not None else "").strip()
    if not raw.isdigit() or len(raw) > 6:
        errors.append(FieldError("请填写 0 或正整数", field=field, label=label))
        return 0
    return int(raw)


def date(value, field: str, label: str, errors: list) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors.append(FieldError("请填写日期，如 2021-03-01", field=field, label=label))
        return None

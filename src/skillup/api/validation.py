"""Pydantic's validation errors as the API's `{row, field, message}` with a Chinese message."""

from skillup.core.errors import FieldError

# ninja puts the source and the parameter's name before the field: ("body", "payload", "hours").
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}

MESSAGES = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "finite_number": "应为有限的数字（不接受 NaN 或无穷大）",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "time_parsing": "时间格式应为 HH:MM",
    "time_type": "时间格式应为 HH:MM",
    "json_invalid": "请求体不是有效的 JSON",
    "decimal_parsing": "应为数字",
}


def validation_field_error(error: dict) -> FieldError:
    loc = list(error.get("loc") or ())
    if loc and loc[0] in ("body", "form", "file"):
        loc = loc[2:] or loc[1:]
    elif loc and loc[0] in _SOURCES:
        loc = loc[1:]
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
    row = next((p + 1 for p in reversed(loc) if isinstance(p, int)), None)
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(context.values()), "")
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[
            kind
        ]
        message = f"超出允许范围（应 {sign} {bound}）"
    else:
        message = MESSAGES.get(kind, "格式不正确")
    return FieldError(message, field=field, row=row)

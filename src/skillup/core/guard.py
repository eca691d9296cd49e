"""The request guard (issue 10 items 4 and 5): input that no view may see, refused before any view runs.

Every request, page or API: a control character (core.text) in the path, a query parameter or a form
field — nothing a person types holds one, and PostgreSQL refuses NUL in text, so reaching the database
with one was a 500. Requests to the API also have their JSON body read once here: nested deeper than
`MAX_JSON_DEPTH` (Python's parser runs out of stack at about a thousand levels), or holding a control
character in any string or key. The answer is the API's error shape (`{"errors": [{row, field,
message}]}`) for /api/ and the 400 page otherwise; the field is named, with the 1-based row of the list
it sits in. Body too large, a multipart body without a boundary and the like are Django's own checks;
this guard lets them surface here so that they, too, answer 4xx in the right shape.
"""

import json

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError

from skillup.core import text
from skillup.core.errors import FieldError
from skillup.core.views import error_response, is_api

MAX_JSON_DEPTH = 64
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            errors = _problems(request)
        except RequestDataTooBig:
            return error_response(request, 413, [_too_big()])
        except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError):
            return error_response(request, 400, [FieldError("请求体格式无效，无法解析", field="body")])
        if errors:
            return error_response(request, 400, errors)
        return self.get_response(request)


def _too_big() -> FieldError:
    from django.conf import settings

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024 // 1024
    return FieldError(f"请求体超过 {limit} MB（文件请用 multipart 的 file 字段上传）", field="body")


def _problems(request) -> list[FieldError]:
    errors: list[FieldError] = []
    if message := text.check_text(request.path):
        errors.append(FieldError(f"网址{message}", field="path"))
    errors += _form_problems(request.GET)
    if request.method in BODY_METHODS:
        content_type = request.content_type or ""
        if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            errors += _form_problems(request.POST)
            for field, upload in request.FILES.items():
                if message := text.check_text(upload.name or ""):
                    errors.append(FieldError(f"文件名{message}", field=field))
        elif is_api(request) and request.body:
            errors += _json_problems(request.body)
    return errors


def _form_problems(data) -> list[FieldError]:
    errors = []
    for key, values in data.lists():
        bad_key = text.check_text(key)
        bad = bad_key or next((m for v in values if (m := text.check_text(v, multiline=True))), None)
        if bad:
            errors.append(FieldError(bad, field=text.printable(key).replace("\ufffd", "?")))
    return errors


def _json_problems(body: bytes) -> list[FieldError]:
    try:
        value = json.loads(body)
    except RecursionError:
        return [_too_deep()]
    except ValueError:  # not JSON (or not UTF-8): the view says what it expected
        return []
    errors: list[FieldError] = []
    # Iterative walk: (value, depth, field, row) — the field and row are those of the nearest key and list.
    stack = [(value, 0, None, None)]
    while stack:
        item, depth, field, row = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return [_too_deep()]
        if isinstance(item, str):
            if message := text.check_text(item, multiline=True):
                errors.append(FieldError(message, field=field or "body", row=row))
        elif isinstance(item, dict):
            for key, child in item.items():
                if message := text.check_text(key):
                    errors.append(FieldError(f"字段名{message}", field="body", row=row))
                stack.append((child, depth + 1, key, row))
        elif isinstance(item, list):
            stack.extend((child, depth + 1, field, i) for i, child in enumerate(item, start=1))
    return sorted(errors, key=lambda e: (e.row or 0, e.field or ""))[:100]


def _too_deep() -> FieldError:
    return FieldError(f"JSON 嵌套超过 {MAX_JSON_DEPTH} 层，无法处理", field="body")

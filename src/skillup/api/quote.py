"""POST /api/v1/quote: the quote contract (QUOTE.md) over HTTP, answering exactly as `skillup quote`."""

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from skillup.policy import quote
from skillup.policy.contract import ContractError, decision_to_json, error_to_json, parse_claim, parse_id

router = Router(tags=["政策核定"])
MAX_ITEMS = 10_000

_BODY_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}],
                    "example": {
                        "id": "p01",
                        "scheme": "vocational_certificate",
                        "date": "2020-06-15",
                        "occupation": "焊工",
                        "level": "高级",
                        "hours": 100,
                    },
                }
            }
        },
    }
}


def answer(obj) -> dict:
    """One QUOTE.md input object → its output object (an error object for input it cannot understand)."""
    ident = obj.get("id") if isinstance(obj, dict) else None
    try:
        ident = parse_id(obj)
        claim, history = parse_claim(obj)
    except ContractError as exc:
        return error_to_json(ident, str(exc))
    return decision_to_json(ident, quote(claim, history))


@router.post(
    "/quote",
    summary="按方案核定补贴（一条或多条）",
    openapi_extra=_BODY_SCHEMA,
    response={200: Any, 400: dict},
)
def quote_endpoint(request: HttpRequest):
    try:
        payload = json.loads(request.body or b"null", parse_float=Decimal)
    except ValueError:
        return Status(400, {"errors": [{"field": "body", "message": "请求体不是有效的 JSON"}]})
    if isinstance(payload, list):
        if len(payload) > MAX_ITEMS:
            return Status(400, {"errors": [{"field": "body", "message": f"一次最多核定 {MAX_ITEMS} 条"}]})
        return Status(200, [answer(item) for item in payload])
    if isinstance(payload, dict):
        return Status(200, answer(payload))
    return Status(400, {"errors": [{"field": "body", "message": "请求体应为一个对象或对象数组"}]})

"""Per-request context that services read without being handed the request."""

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")

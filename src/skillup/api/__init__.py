"""The SkillUp API v1 (API.md): django-ninja, bearer tokens, errors as {"errors": [...]}."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, django_auth

from skillup.accounts.services import TokenRefused, token_authenticate
from skillup.api.validation import validation_field_error
from skillup.core import throttle
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict, status_of


class TokenScopeDenied(NotAllowed):
    """A read-only token tried to write (403)."""


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` (issue 10 item 9). The one place that decides, in this order:
    - too many refused tokens from this client address (throttle scope `api_token`) → 429, before any
      look-up, for good tokens from that address too: otherwise a guess that hits would still get in;
    - unknown, revoked or expired → 401 saying why, and one more refused attempt for the address;
    - a read token on a method other than GET/HEAD/OPTIONS → 403."""

    def authenticate(self, request, token):
        address = throttle.client_ip(request)
        throttle.check("api_token", address)
        try:
            row = token_authenticate(token)
        except TokenRefused:
            throttle.hit("api_token", address)
            raise
        if not row.allows(request.method):
            raise TokenScopeDenied(f"此令牌为{row.get_scope_display()}令牌，不能进行写操作；请创建读写令牌")
        request.user = row.user
        request.api_token = row
        return row.user


class Utf8JSONRenderer(JSONRenderer):
    """Chinese stays readable in responses (UTF-8, not \\u escapes). ninja appends `; charset=utf-8`
    itself (from `charset`), so the media type is bare: naming it here doubled it (issue 10 item 9)."""

    media_type = "application/json"
    charset = "utf-8"
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8JSONRenderer(),
    title="SkillUp 技能提升行动管理平台 API",
    version="1",
    description=f"培训机构、企业和部门系统对接接口。认证：`Authorization: Bearer <token>`（`skillup token create 用户名` 或个人设置页创建）。令牌有有效期（默认 {settings.API_TOKEN_DAYS} 天，可选更短）和权限（只读令牌仅可 GET）；修改密码后原令牌全部失效；同一地址多次使用无效令牌将暂时拒绝（429）。",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


def _errors(message: str) -> dict:
    return {"errors": [{"message": message}]}


@api.exception_handler(RuleViolation)
@api.exception_handler(StateConflict)
@api.exception_handler(NotAllowed)
def service_error(request, exc):
    """The one mapping of service errors to answers (core/errors.py): 400, 409 or 403 with `errors`."""
    return api.create_response(request, exc.as_payload(), status=status_of(exc))


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    # Django's own 403 (a decorator outside the project); the project's services raise NotAllowed.
    return api.create_response(request, _errors(str(exc) or "您的角色不能进行此操作"), status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, _errors("未找到，或不在您的权限范围内"), status=404)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """422 stays the framework's status for a body or parameter that does not match the schema (API.md);
    the answer carries the API's `errors` beside pydantic's `detail`, with the field and a Chinese message."""
    payload = {"errors": [validation_field_error(e).as_dict() for e in exc.errors], "detail": exc.errors}
    return api.create_response(request, payload, status=422)


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def out_of_range(request, exc):
    # The database refused a value (too long, out of range): the bounded input types (api/types.py) and
    # the request guard keep these out; should one slip through, it is still the client's input, not a 500.
    return api.create_response(request, _errors("输入的数值或文字超出允许范围，请检查后重试"), status=400)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, _errors("未登录或令牌无效"), status=401)


@api.exception_handler(TokenRefused)
def token_refused(request, exc: TokenRefused):
    response = api.create_response(request, _errors(str(exc)), status=401)
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@api.exception_handler(throttle.Throttled)
def throttled(request, exc: throttle.Throttled):
    response = api.create_response(request, _errors(str(exc)), status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


# One router per app, mounted at /api/v1 (imported here, after `api` exists, because they use it).
from skillup.api import (  # noqa: E402
    accounts,
    certificates,
    credentials,
    fund,
    integrity,
    market,
    market_groups,
    planning,
    quote,
    records,
    subsidies,
    training,
)

for _module in (
    accounts,
    quote,
    training,
    subsidies,
    certificates,
    fund,
    planning,
    integrity,
    records,
    credentials,
    market,
    market_groups,
):
    api.add_router("", _module.router)

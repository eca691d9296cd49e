"""Writes of the accounts context: tokens, users, passwords."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.models import ApiToken, TokenScope, User
from skillup.core.errors import RuleViolation


class TokenRefused(Exception):
    """A bearer token that does not let its holder in (HTTP 401); the message says why and what to do."""


TOKEN_RENEW_HINT = "请在个人设置页或用 skillup token create 创建新令牌"


def api_token_create(
    *,
    user: User,
    actor: User | None = None,
    name: str = "",
    days: int | None = None,
    scope: str = TokenScope.READ_WRITE,
) -> str:
    """Creates a token and returns it; only its digest is kept, so it cannot be shown again. It lives
    `days` days, at most (and by default) settings.API_TOKEN_DAYS (issue 10 item 9)."""
    longest = settings.API_TOKEN_DAYS
    days = longest if days is None else days
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= longest:
        raise RuleViolation(f"有效期须为 1 至 {longest} 天", field="days")
    if scope not in TokenScope.values:
        raise RuleViolation("权限须为只读（read）或读写（read_write）", field="scope")
    token = ApiToken.generate()
    expires_at = timezone.now() + dt.timedelta(days=days)
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=token[:8],
            digest=ApiToken.digest_of(token),
            scope=scope,
            expires_at=expires_at,
        )
        audit.record(
            actor=actor or user,
            action="api_token.create",
            obj=row,
            changes={"user": [None, user.username], "scope": [None, scope], "expires_at": [None, expires_at]},
            summary=f"为 {user.username} 创建{row.get_scope_display()} API 令牌 {row.prefix}…，{days} 天有效",
        )
    return token


def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="api_token.revoke",
            obj=token,
            changes={"revoked_at": [None, token.revoked_at]},
            summary=f"吊销令牌 {token.prefix}…",
        )


def api_tokens_revoke_on_password_change(*, user: User) -> int:
    """Every live token of a user whose password changed stops working, one audit row each. Called from
    the one signal on the password hash (accounts.signals), whatever path changed it; the actor is the
    system because the signal cannot know who changed it (the row's request id says which request)."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
        if not tokens:
            return 0
        now = timezone.now()
        ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(revoked_at=now)
        audit.record_many(
            actor=None,
            action="api_token.revoke",
            items=[
                (
                    t,
                    {"revoked_at": [None, now], "reason": [None, "password_changed"]},
                    f"{user.username} 的密码已修改，吊销令牌 {t.prefix}…",
                )
                for t in tokens
            ],
        )
    return len(tokens)


def token_authenticate(token: str) -> ApiToken:
    """The live token row (with its active user) for a bearer token, or TokenRefused saying why. Marks
    the token used at most once a minute, so a busy client does not write on every request."""
    row = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(digest=ApiToken.digest_of(token))
        .first()
    )
    if row is None or not row.user.is_active:
        raise TokenRefused("未登录或令牌无效")
    if row.revoked_at is not None:
        raise TokenRefused(f"令牌已吊销（手动吊销，或账号修改了密码），{TOKEN_RENEW_HINT}")
    now = timezone.now()
    if row.is_expired(now):
        expired = timezone.localtime(row.expires_at).strftime("%Y-%m-%d %H:%M")
        raise TokenRefused(f"令牌已于 {expired} 过期，{TOKEN_RENEW_HINT}")
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return row

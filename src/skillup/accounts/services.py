"""Writes of the accounts context: tokens, users, passwords."""

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.binding import mark_verified
from skillup.accounts.models import ApiToken, User
from skillup.accounts.roles import ROLE_ORGANISATION_KIND
from skillup.core.errors import RuleViolation


def api_token_create(*, user: User, actor: User | None = None, name: str = "") -> str:
    """Creates a token and returns it; only its digest is kept, so it cannot be shown again."""
    token = ApiToken.generate()
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=user, name=name[:100], prefix=token[:8], digest=ApiToken.digest_of(token)
        )
        audit.record(
            actor=actor or user,
            action="api_token.create",
            obj=row,
            summary=f"为 {user.username} 创建 API 令牌 {row.prefix}…",
        )
    return token


def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api_token.revoke", obj=token, summary=f"吊销令牌 {token.prefix}…")


def user_create(
    *,
    actor: User | None,
    username: str,
    role: str,
    password: str,
    organisation=None,
    person=None,
    full_name: str = "",
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    kind = ROLE_ORGANISATION_KIND.get(role)
    if kind and (organisation is None or organisation.kind != kind):
        raise RuleViolation("该角色必须属于对应类型的单位", field="organisation")
    if User.objects.filter(username=username).exists():
        raise RuleViolation(f"用户名 {username} 已存在", field="username")
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            organisation=organisation,
            person=person,
            first_name=full_name,
            email=email,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        if person is not None:
            mark_verified(user, via=User.Verification.STAFF)  # staff opened the login for this person
        user.set_password(password)
        user.save()
        audit.record(
            actor=actor,
            action="user.create",
            obj=user,
            changes={
                "username": [None, username],
                "role": [None, role],
                "organisation": [None, getattr(organisation, "code", None)],
            },
        )
    return user


def token_user(token: str) -> User | None:
    """The active user a bearer token belongs to, marking the token used (a read, not audited)."""
    row = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user

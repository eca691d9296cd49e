import hashlib
import secrets

from django.contrib.auth import hashers
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from skillup.accounts.roles import ROLE_ORGANISATION_KIND, Role


class User(AbstractUser):
    class Verification(models.TextChoices):
        """How a login proved it belongs to its person (issue 10 item 1; rule: accounts.binding)."""

        SMS = "sms", "登记手机验证码"
        OFFICER = "officer", "人社局窗口当面核验身份证"
        NEW = "new", "新登记人员（手机验证码）"
        STAFF = "staff", "经办人员开通"

    role = models.CharField("角色", max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    person = models.OneToOneField(
        "registry.Person",
        verbose_name="本人档案",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
    )
    person_verified_via = models.CharField(
        "本人核验方式", max_length=10, choices=Verification.choices, blank=True, editable=False
    )
    person_verified_at = models.DateTimeField("本人核验时间", null=True, blank=True, editable=False)
    # The person the verification was for: a login re-pointed by any other path (the admin) is unverified.
    person_verified_for = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def clean(self):
        super().clean()
        kind = ROLE_ORGANISATION_KIND.get(self.role)
        if kind and (self.organisation is None or self.organisation.kind != kind):
            raise ValidationError({"organisation": f"该角色必须属于一个{kind}单位"})
        if not kind and self.organisation_id:
            raise ValidationError({"organisation": "学员和审计人员不属于任何单位"})

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def check_password(self, raw_password):
        """Django's, except that a hasher upgrade (the same password re-hashed on login) is marked, so the
        password-change signal (accounts.signals) does not revoke the user's API tokens for it."""

        def setter(raw_password):
            self.set_password(raw_password)
            self._password = None  # as Django does: an upgrade is no password change
            self._password_rehash = True
            self.save(update_fields=["password"])

        return hashers.check_password(raw_password, self.password, setter)


class TokenScope(models.TextChoices):
    READ = "read", "只读"
    READ_WRITE = "read_write", "读写"


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored, the token itself is shown once.

    It expires (`expires_at`), is revoked by hand or when the user's password changes, and its scope says
    whether it may write (issue 10 item 9)."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField("权限", max_length=10, choices=TokenScope.choices, default=TokenScope.READ_WRITE)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self):
        return f"{self.prefix}… ({self.user_id})"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "su_" + secrets.token_urlsafe(32)

    def allows(self, method: str) -> bool:
        """The scope rule: a read token may only read (GET, HEAD, OPTIONS)."""
        return self.scope == TokenScope.READ_WRITE or method.upper() in self.SAFE_METHODS

    def is_expired(self, now) -> bool:
        return self.expires_at <= now


class AuditHead(models.Model):
    """One row holding the chain's tip; locking it serialises appends so the chain never forks."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self):
        return f"audit head #{self.seq}"


class AuditEntry(models.Model):
    """Append-only: the database refuses UPDATE (and DELETE on PostgreSQL); each row hashes the previous."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField("时间")  # the real time, whatever the business clock says
    # The business date (core.clock.today) when SKILLUP_TODAY fixed it, so the trail shows both; empty
    # when the business date was the real date. Hashed only when set, so older rows keep their hashes.
    business_date = models.DateField("业务日期", null=True, blank=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True)
    object_id = models.CharField("对象", max_length=64, blank=True)
    changes = models.JSONField("变更", default=dict, blank=True)
    summary = models.CharField("说明", max_length=300, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

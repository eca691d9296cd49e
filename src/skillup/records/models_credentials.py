"""Verifiable credentials (issue 14 item 2–4): the district's signing keys, the credentials issued for the
certificates of the register, the Bitstring Status List their revocation is published in, and share links."""

from django.db import models

__all__ = ["IssuerKey", "IssuedCredential", "CredentialShare", "CredentialShareView"]


class IssuerKey(models.Model):
    """An Ed25519 key of the district. The private key is kept only Fernet-encrypted (registry/crypto.py);
    a retired key signs nothing new but stays published, so what it signed still verifies."""

    kid = models.CharField("密钥标识", max_length=40, unique=True)
    public_key = models.CharField("公钥（base64url）", max_length=64)
    private_cipher = models.TextField("私钥（密文）")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "签发密钥"
        verbose_name_plural = "签发密钥"

    def __str__(self):
        return self.kid


class IssuedCredential(models.Model):
    """One signed credential: an Open Badges 3.0 credential for a certificate, or the whole record of a
    person as one CLR-like bundle (`kind`). `status_index` is its bit in the status list."""

    class Kind(models.TextChoices):
        BADGE = "badge", "证书凭证"
        RECORD = "record", "档案汇总凭证"

    public_id = models.CharField("凭证编号", max_length=40, unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.BADGE)
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name="证书",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credentials",
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="持有人", on_delete=models.PROTECT, related_name="credentials"
    )
    key = models.ForeignKey(IssuerKey, verbose_name="签发密钥", on_delete=models.PROTECT, related_name="+")
    jws = models.TextField("签名凭证（JWS）")
    document = models.JSONField("凭证 JSON")
    status_index = models.PositiveIntegerField("状态列表位置", unique=True)
    issued_at = models.DateTimeField("签发时间", auto_now_add=True)
    issued_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_reason = models.CharField("撤销理由", max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = "可验证凭证"
        verbose_name_plural = "可验证凭证"

    def __str__(self):
        return self.public_id

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class CredentialShare(models.Model):
    """A link the holder gives an employer: it opens that one credential and its verification only."""

    token = models.CharField(max_length=64, unique=True)
    credential = models.ForeignKey(
        IssuedCredential, verbose_name="凭证", on_delete=models.PROTECT, related_name="shares"
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "凭证分享链接"
        verbose_name_plural = "凭证分享链接"

    def __str__(self):
        return f"分享 #{self.pk}（{self.credential_id}）"


class CredentialShareView(models.Model):
    share = models.ForeignKey(CredentialShare, on_delete=models.CASCADE, related_name="views")
    viewed_at = models.DateTimeField("查看时间", auto_now_add=True)
    address_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-viewed_at", "-id"]
        verbose_name = "分享查看记录"
        verbose_name_plural = "分享查看记录"

    def __str__(self):
        return f"查看 #{self.pk}"

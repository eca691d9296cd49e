"""The one certificate register (证书库) clause-13 and skill-level claims are verified against, and the
evidence and verification requests of claims whose certificate is not (yet) in it."""

from django.db import models


class Family(models.TextChoices):
    QUALIFICATION = "qualification", "国家职业资格"
    SKILL_LEVEL = "skill_level", "职业技能等级"
    SPECIAL_ABILITY = "special_ability", "专项职业能力"


class Evidence(models.Model):
    """An uploaded scan (PDF/JPEG/PNG by its bytes), stored under MEDIA_ROOT with a random name and served
    only through a scoped view."""

    stored_name = models.CharField("存储文件名", max_length=80, unique=True)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    content_type = models.CharField("类型", max_length=40)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    person = models.ForeignKey(
        "registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "证书扫描件"
        verbose_name_plural = "证书扫描件"

    def __str__(self):
        return f"{self.original_name or self.stored_name}"


class Certificate(models.Model):
    class Source(models.TextChoices):
        CLASS_RESULT = "class_result", "本平台培训考核"
        ASSESSOR = "assessor", "评价机构登记"
        PROVINCIAL = "provincial", "省证书库导入"
        HR_VERIFIED = "hr_verified", "人社局核验"

    person = models.ForeignKey(
        "registry.Person", verbose_name="持证人", on_delete=models.PROTECT, related_name="certificates"
    )
    family = models.CharField("证书类别", max_length=20, choices=Family.choices)
    occupation = models.CharField("职业（工种）", max_length=100, blank=True)
    occupation_key = models.CharField(max_length=100, blank=True, db_index=True)
    level = models.CharField("等级", max_length=10, blank=True)
    number = models.CharField("证书编号", max_length=64, db_index=True)
    issuer = models.ForeignKey(
        "registry.Organisation",
        verbose_name="发证机构（本平台单位）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_certificates",
    )
    issuer_name = models.CharField("发证机构", max_length=200)
    issued_on = models.DateField("发证日期")
    source = models.CharField("来源", max_length=20, choices=Source.choices, db_index=True)
    result = models.OneToOneField(
        "training.Result",
        verbose_name="考核结果",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
    )
    evidence = models.ForeignKey(
        Evidence, verbose_name="扫描件", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "证书"
        verbose_name_plural = "证书库"
        constraints = [
            models.UniqueConstraint(fields=["issuer_name", "number"], name="certificate_number_per_issuer")
        ]
        indexes = [models.Index(fields=["person", "number"])]

    def __str__(self):
        return f"{self.number}（{self.issuer_name}）"

    @property
    def summary(self) -> str:
        what = " ".join(x for x in (self.get_family_display(), self.occupation, self.level) if x)
        return f"{self.number} {what}"


class Verification(models.Model):
    """A claim waiting in the "待核验证书" queue: the number the applicant typed, their scan, HR's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", "待核验"
        ACCEPTED = "accepted", "核验通过"
        REFUSED = "refused", "核验不通过"

    # One row per round: a claim refused on its certificate and resubmitted opens a new one.
    claim = models.ForeignKey(
        "subsidies.Claim", verbose_name="申领", on_delete=models.PROTECT, related_name="verifications"
    )
    number = models.CharField("申报证书编号", max_length=64)
    evidence = models.ForeignKey(
        Evidence, verbose_name="扫描件", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reason = models.CharField("理由", max_length=300, blank=True)
    certificate = models.ForeignKey(
        Certificate,
        verbose_name="登记证书",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("进入队列时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("核验时间", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "证书核验"
        verbose_name_plural = "证书核验"

    def __str__(self):
        return f"核验 #{self.pk} 申领 #{self.claim_id} {self.get_status_display()}"

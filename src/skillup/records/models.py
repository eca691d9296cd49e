"""The lifelong training record (终身职业技能培训档案): history imported from earlier systems, and the
links a trainee shares their record by (with the log of who opened them)."""

from django.db import models


class ImportBatch(models.Model):
    """One confirmed .xlsx import of historical entries (all or nothing)."""

    file_name = models.CharField("文件名", max_length=200, blank=True)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField("导入条数")
    imported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = "历史档案导入批次"
        verbose_name_plural = "历史档案导入批次"

    def __str__(self):
        return f"导入批次 #{self.pk}（{self.rows} 条）"


class HistoricalEntry(models.Model):
    """A class or certificate from before SkillUp, as the earlier system recorded it (text, not links)."""

    person = models.ForeignKey(
        "registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="history"
    )
    year = models.PositiveSmallIntegerField("年度")
    start_date = models.DateField("开始日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    institution_name = models.CharField("培训机构", max_length=200)
    occupation = models.CharField("职业（工种）", max_length=100)
    level = models.CharField("等级", max_length=10, blank=True)
    hours = models.DecimalField("课时", max_digits=6, decimal_places=1, null=True, blank=True)
    certificate_no = models.CharField("证书编号", max_length=64, blank=True)
    certificate_issuer = models.CharField("发证机构", max_length=200, blank=True)
    source_system = models.CharField("来源系统", max_length=100)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="entries")
    imported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField("导入时间")

    class Meta:
        ordering = ["-year", "-start_date", "-id"]
        verbose_name = "历史培训记录"
        verbose_name_plural = "历史培训记录"
        indexes = [models.Index(fields=["person", "year"])]

    def __str__(self):
        return f"{self.year} {self.institution_name} {self.occupation}"


class ShareLink(models.Model):
    """A link a trainee gives an employer: opens a read-only view of the record until it expires or is
    revoked. Only the token's hash is stored; the link itself is shown once, when created."""

    person = models.ForeignKey(
        "registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="record_shares"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    token_hint = models.CharField("链接尾号", max_length=8)
    label = models.CharField("用途备注", max_length=100, blank=True)
    show_subsidies = models.BooleanField("显示补贴金额", default=False)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "档案分享链接"
        verbose_name_plural = "档案分享链接"

    def __str__(self):
        return f"分享 …{self.token_hint}"

    def is_active(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now


class ShareView(models.Model):
    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="views")
    viewed_at = models.DateTimeField("查看时间", auto_now_add=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)

    class Meta:
        ordering = ["-viewed_at", "-id"]
        verbose_name = "分享查看记录"
        verbose_name_plural = "分享查看记录"

    def __str__(self):
        return f"查看 {self.link} {self.viewed_at:%Y-%m-%d %H:%M}"


from skillup.records.models_credentials import *  # noqa: E402, F403 — the credentials' models

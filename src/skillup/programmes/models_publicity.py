"""Publicity (第21条 加强政策解读和舆论宣传……广泛宣传高技能人才先进事迹): one Article model for typical cases, the
honour roll of high-skill talents and news, written by an HR officer, reviewed by a second one, then
published on the public pages. An honour entry (and any article about a registered person) is published
only with that person's recorded consent; the public page never shows an identity number."""

from django.db import models


class Article(models.Model):
    class Kind(models.TextChoices):
        CASE = "case", "典型案例"
        HONOUR = "honour", "高技能人才风采"
        NEWS = "news", "工作动态"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "审核通过待发布"
        PUBLISHED = "published", "已发布"
        UNPUBLISHED = "unpublished", "已撤下"

    kind = models.CharField("栏目", max_length=10, choices=Kind.choices, db_index=True)
    title = models.CharField("标题", max_length=100)
    summary = models.CharField("摘要", max_length=200, blank=True)
    body = models.TextField("正文")
    # The honour roll: what the public page shows of the person (name, employer, title or level).
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="关联人员",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person_name = models.CharField("姓名", max_length=50, blank=True)
    employer_name = models.CharField("工作单位", max_length=200, blank=True)
    honour_title = models.CharField("技能等级或荣誉称号", max_length=100, blank=True)
    # The person's consent to be published: when it was given, how (e.g. 书面同意书), recorded by whom.
    consent_on = models.DateField("本人同意日期", null=True, blank=True)
    consent_note = models.CharField("同意方式", max_length=100, blank=True)
    consent_recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name="同意登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        "accounts.User", verbose_name="撰稿人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    reviewer = models.ForeignKey(
        "accounts.User",
        verbose_name="审核人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        "accounts.User",
        verbose_name="发布人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unpublish_reason = models.CharField("撤下原因", max_length=500, blank=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "宣传文章"
        verbose_name_plural = "宣传文章"
        constraints = [
            # 第21条 宣传高技能人才先进事迹 — with the person's consent, never without.
            models.CheckConstraint(
                condition=~models.Q(kind="honour") | models.Q(consent_on__isnull=False),
                name="article_honour_has_consent",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) | models.Q(consent_on__isnull=False),
                name="article_person_has_consent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

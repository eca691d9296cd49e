"""Claims: what a person, institution or enterprise is owed under the plan, and its way to payment."""

from decimal import Decimal

from django.db import models


class Claim(models.Model):
    class Status(models.TextChoices):
        CHECKED = "checked", "待主管部门审核"
        REFUSED = "refused", "自动审核不通过"
        CERT_PENDING = "cert_pending", "待核验证书"
        DEPT_APPROVED = "dept_approved", "待人社局审核"
        HR_APPROVED = "hr_approved", "待财政局审核"
        FINANCE_APPROVED = "finance_approved", "待支付"
        IN_BATCH = "in_batch", "支付中"
        PAID = "paid", "已支付"
        REJECTED = "rejected", "已退回"
        PAYMENT_FAILED = "payment_failed", "支付失败"

    class Payee(models.TextChoices):
        PERSON = "person", "个人（市民卡）"
        INSTITUTION = "institution", "培训机构（银行账户）"
        ENTERPRISE = "enterprise", "企业（银行账户）"

    scheme = models.CharField("补贴项目", max_length=40, db_index=True)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="人员",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    enterprise = models.ForeignKey(
        "registry.Organisation",
        verbose_name="企业",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprise_claims",
    )
    institution = models.ForeignKey(
        "registry.Organisation",
        verbose_name="培训机构",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institution_claims",
    )
    klass = models.ForeignKey(
        "training.TrainingClass",
        verbose_name="培训班",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    result = models.OneToOneField(
        "training.Result",
        verbose_name="考核结果",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claim",
    )
    department = models.ForeignKey(
        "registry.Organisation",
        verbose_name="主管部门",
        on_delete=models.PROTECT,
        related_name="department_claims",
    )
    occupation = models.CharField("工种（职业、项目）", max_length=100, blank=True)
    level = models.CharField("等级", max_length=10, blank=True)
    entitlement_date = models.DateField(
        "补贴发生日期", help_text="the day the entitlement arose (QUOTE.md date)"
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    payee_kind = models.CharField("收款方类型", max_length=20, choices=Payee.choices)
    payee_name = models.CharField("收款方", max_length=200)
    payee_account = models.CharField("收款账号", max_length=40, help_text="citizen card or bank account")
    facts = models.JSONField(
        "核定依据事实", default=dict, help_text="the quote-contract input the amount came from"
    )
    eligible = models.BooleanField("符合政策", default=False)
    amount = models.DecimalField("补贴金额（元）", max_digits=12, decimal_places=2, default=Decimal("0.00"))
    basis = models.JSONField("核定过程", default=list)
    refusals = models.JSONField("不予补贴原因", default=list)
    status = models.CharField("状态", max_length=20, choices=Status.choices, db_index=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("申领时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    checked_on = models.DateField("最近自动审核日期", null=True, blank=True)
    finance_approved_on = models.DateField("财政审核通过日期", null=True, blank=True, db_index=True)
    paid_on = models.DateField("支付日期", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "补贴申领"
        verbose_name_plural = "补贴申领"
        indexes = [
            models.Index(fields=["department", "status"]),
            models.Index(fields=["person", "year"]),
            # Covering indexes for the planning figures (docs/architecture.md, "Plans, reports and the
            # dashboard"): the dashboard and the monthly reports read only these narrow columns, by
            # index-only scans on PostgreSQL, never the wide facts/basis heap. `include` is PostgreSQL-only;
            # SQLite gets the key columns. The second replaces the former plain (status, year) index.
            models.Index(
                fields=["department", "scheme", "status", "entitlement_date"],
                include=["person", "amount", "level"],
                name="claim_figures_cover",
            ),
            models.Index(
                fields=["status", "year", "scheme"], include=["person"], name="claim_status_year_cover"
            ),
            # The claims list's order (Meta.ordering), for everyone and within one department: a page is
            # read from the index (LIMIT 50) instead of sorting every claim (issue 16 item 2, the load test).
            models.Index(fields=["-created_at", "-id"], name="claim_list_order"),
            models.Index(fields=["department", "-created_at", "-id"], name="claim_dept_list_order"),
        ]

    def __str__(self):
        return f"申领 #{self.pk} {self.scheme} {self.amount}"

    @property
    def payee_account_display(self) -> str:
        from skillup.registry.payees import account_display

        return account_display(self.payee_kind, self.payee_account)


class ClaimReview(models.Model):
    """One step of the review trail: who decided what, at which step, and why."""

    class Step(models.TextChoices):
        CHECK = "check", "自动审核"
        DEPT = "dept", "主管部门审核"
        HR = "hr", "人社局审核"
        FINANCE = "finance", "财政局审核"
        RESUBMIT = "resubmit", "更正后重新提交"
        PAYMENT = "payment", "支付"
        INTEGRITY = "integrity", "诚信核查"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="reviews")
    step = models.CharField("环节", max_length=20, choices=Step.choices)
    decision = models.CharField("结论", max_length=20)
    reason = models.CharField("理由", max_length=500, blank=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"

    DECISIONS = {
        "passed": "通过",
        "refused": "不通过",
        "approved": "通过",
        "rejected": "退回",
        "checked": "自动审核通过",
        "paid": "已支付",
        "failed": "支付失败",
        "reissue": "重新发放",
        "cert_pending": "待核验证书",
        "recovery": "查实应追回",
    }

    def __str__(self):
        return f"{self.claim_id} {self.step} {self.decision}"

    @property
    def decision_label(self) -> str:
        return self.DECISIONS.get(self.decision, self.decision)


from skillup.subsidies.models_rollup import ClaimGroupFigure, ClaimMonthFigure  # noqa: E402, F401

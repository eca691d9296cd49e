"""The special fund: budgets, a double-entry journal, payment batches and monthly reconciliation."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from skillup.fund.accounts import ACCOUNT_CHOICES
from skillup.registry import payees

ZERO = Decimal("0.00")


class Budget(models.Model):
    """A department's subsidy budget for one year: set by HR until annual plans exist, then fed by plans."""

    class Source(models.TextChoices):
        HR = "hr", "人社局核定"
        PLAN = "plan", "年度计划"

    department = models.ForeignKey(
        "registry.Organisation", verbose_name="部门", on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField("年度")
    amount = models.DecimalField("预算金额（元）", max_digits=14, decimal_places=2)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.HR)
    set_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "department__code"]
        verbose_name = "部门年度预算"
        verbose_name_plural = "部门年度预算"
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="budget_once_per_department_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.department} {self.year} {self.amount}"


class JournalEntry(models.Model):
    """One balanced posting. Never edited or deleted; a mistake is undone by a reversing entry."""

    class Kind(models.TextChoices):
        ALLOCATION = "allocation", "资金拨入"
        COMMITMENT = "commitment", "审核确认应付"
        DISBURSEMENT = "disbursement", "生成支付文件"
        PAYMENT = "payment", "支付成功"
        FAILURE = "failure", "支付失败退回"
        REVERSAL = "reversal", "冲销"
        RELEASE = "release", "查实退回冲减应付"
        RECOVERY = "recovery", "查实应追回"
        REPAYMENT = "repayment", "追回款到账"

    date = models.DateField("记账日期", db_index=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    memo = models.CharField("摘要", max_length=300)
    total = models.DecimalField("借贷金额", max_digits=14, decimal_places=2)
    claim = models.ForeignKey(
        "subsidies.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="journal"
    )
    payment = models.ForeignKey(
        "fund.PaymentLine", on_delete=models.PROTECT, null=True, blank=True, related_name="journal"
    )
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = "记账凭证"
        verbose_name_plural = "记账凭证"
        constraints = [models.CheckConstraint(condition=Q(total__gt=0), name="entry_total_positive")]

    def __str__(self):
        return f"凭证 #{self.pk} {self.date} {self.get_kind_display()} {self.total}"


class JournalLine(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.CharField("科目", max_length=8, choices=ACCOUNT_CHOICES, db_index=True)
    department = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    claim = models.ForeignKey(
        "subsidies.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    date = models.DateField("记账日期", db_index=True)
    debit = models.DecimalField("借方", max_digits=14, decimal_places=2, default=ZERO)
    credit = models.DecimalField("贷方", max_digits=14, decimal_places=2, default=ZERO)

    class Meta:
        ordering = ["id"]
        verbose_name = "分录"
        verbose_name_plural = "分录"
        constraints = [
            # One side only, never negative: a reversal is a new line on the other side.
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(debit=0) & Q(credit__gt=0)),
                name="line_one_side_positive",
            ),
        ]
        indexes = [models.Index(fields=["account", "department", "date"])]

    def __str__(self):
        return f"{self.account} 借 {self.debit} 贷 {self.credit}"


class PaymentBatch(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", "待回盘"
        SETTLED = "settled", "已回盘"

    code = models.CharField("批次号", max_length=32, unique=True)
    date = models.DateField("批次日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ISSUED)
    count = models.PositiveIntegerField("笔数")
    total = models.DecimalField("金额合计", max_digits=14, decimal_places=2)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "支付批次"
        verbose_name_plural = "支付批次"

    def __str__(self):
        return self.code


class PaymentLine(models.Model):
    """One attempt to pay one claim. Its key is the idempotency key the bank echoes back."""

    class Status(models.TextChoices):
        PENDING = "pending", "待回盘"
        PAID = "paid", "已支付"
        FAILED = "failed", "支付失败"

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="lines")
    claim = models.ForeignKey("subsidies.Claim", on_delete=models.PROTECT, related_name="payments")
    attempt = models.PositiveSmallIntegerField("第几次发放")
    key = models.CharField("幂等键", max_length=64, unique=True)
    payee_name = models.CharField("收款方", max_length=200)
    payee_account = models.CharField("账号", max_length=40)
    amount = models.DecimalField("金额", max_digits=12, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField("失败原因", max_length=300, blank=True)
    resolved_on = models.DateField("回盘日期", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "支付明细"
        verbose_name_plural = "支付明细"
        constraints = [
            models.UniqueConstraint(fields=["claim", "attempt"], name="payment_attempt_unique"),
            # A claim has at most one payment in flight or paid: never paid twice.
            models.UniqueConstraint(
                fields=["claim"], condition=Q(status__in=["pending", "paid"]), name="payment_live_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return self.key

    @property
    def payee_account_display(self) -> str:
        return payees.account_display(self.claim.payee_kind, self.payee_account)


class ResultImport(models.Model):
    """A result file as imported; the same file (by content hash) is recorded once."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="imports")
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=200, blank=True)
    rows = models.PositiveIntegerField()
    paid = models.PositiveIntegerField()
    failed = models.PositiveIntegerField()
    unchanged = models.PositiveIntegerField()
    imported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["imported_at", "id"]
        constraints = [models.UniqueConstraint(fields=["batch", "sha256"], name="result_file_once")]

    def __str__(self):
        return f"{self.batch_id} {self.filename}"


class ReconciliationMonth(models.Model):
    """HR and Finance sign off a month; a month signed by both is frozen: no posting is dated in it."""

    month = models.DateField("月份", unique=True, help_text="first day of the month")
    differences = models.JSONField("差异", default=list)
    totals = models.JSONField("合计", default=dict)
    hr_signed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    hr_signed_at = models.DateTimeField(null=True, blank=True)
    finance_signed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    finance_signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = "月度对账"
        verbose_name_plural = "月度对账"

    def __str__(self):
        return f"{self.month:%Y-%m}"

    @property
    def frozen(self) -> bool:
        return self.hr_signed_by_id is not None and self.finance_signed_by_id is not None

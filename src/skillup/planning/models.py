"""Annual plans (年度培训计划), monthly reports (月报), skill statistics and reminder log (annex 3)."""

from decimal import Decimal

from django.db import models


class AnnualPlan(models.Model):
    """A department's training plan for one year, filed with HR and Finance (备案) by 31 January."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送待备案"
        ACKNOWLEDGED = "acknowledged", "已备案"
        RETURNED = "returned", "已退回修改"

    department = models.ForeignKey(
        "registry.Organisation", verbose_name="主管部门", on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField("计划说明", blank=True)
    due_on = models.DateField("报送期限")
    submitted_on = models.DateField("报送日期", null=True, blank=True, help_text="业务日期")
    first_submitted_on = models.DateField("首次报送日期", null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    hr_ack_on = models.DateField("人社局备案日期", null=True, blank=True)
    hr_ack_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    finance_ack_on = models.DateField("财政局备案日期", null=True, blank=True)
    finance_ack_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "department__code"]
        verbose_name = "年度培训计划"
        verbose_name_plural = "年度培训计划"
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="plan_once_per_year")]

    def __str__(self):
        return f"{self.department} {self.year}年度培训计划"

    @property
    def late(self) -> bool:
        """First filed after the deadline (a plan not filed at all is 'overdue', see selectors)."""
        return self.first_submitted_on is not None and self.first_submitted_on > self.due_on

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class PlanLine(models.Model):
    """One scheme of a plan: planned person-times, the standard applied (within the catalogue) and budget."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="lines")
    scheme = models.CharField("补贴项目", max_length=40)
    person_times = models.PositiveIntegerField("计划人次")
    standard_percent = models.DecimalField(
        "执行标准（占目录标准%）", max_digits=5, decimal_places=2, default=Decimal("100.00")
    )
    uplift_percent = models.DecimalField("上浮比例%", max_digits=5, decimal_places=2, default=Decimal("0.00"))
    budget = models.DecimalField("预算（元）", max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]
        verbose_name = "计划项目"
        verbose_name_plural = "计划项目"
        constraints = [models.UniqueConstraint(fields=["plan", "scheme"], name="plan_line_once_per_scheme")]

    def __str__(self):
        return f"{self.plan_id} {self.scheme} {self.person_times}"


class MonthlyReport(models.Model):
    """A department's report on one month. Submitted versions are frozen; a correction is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        SUPERSEDED = "superseded", "已被更正版本替代"

    department = models.ForeignKey(
        "registry.Organisation",
        verbose_name="主管部门",
        on_delete=models.PROTECT,
        related_name="monthly_reports",
    )
    month = models.DateField("月份", help_text="所报月份的第一天")
    version = models.PositiveSmallIntegerField("版本", default=1)
    due_on = models.DateField("报送期限")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField("报表数据", default=dict, help_text="报送时冻结")
    work_done = models.TextField("工作动态", blank=True)
    problems = models.TextField("存在问题", blank=True)
    suggestions = models.TextField("完善意见", blank=True)
    correction_reason = models.CharField("更正原因", max_length=300, blank=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True, help_text="业务日期")
    first_submitted_on = models.DateField(
        "首次报送日期", null=True, blank=True, help_text="按时报送以首次报送日期计"
    )
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "department__code", "-version"]
        verbose_name = "月报"
        verbose_name_plural = "月报"
        constraints = [
            models.UniqueConstraint(fields=["department", "month", "version"], name="report_version_unique"),
            # At most one live (draft or submitted) version per department and month.
            models.UniqueConstraint(
                fields=["department", "month"],
                condition=models.Q(status__in=["draft", "submitted"]),
                name="report_one_live_version",
            ),
        ]
        indexes = [models.Index(fields=["month", "status"])]

    def __str__(self):
        return f"{self.department} {self.month:%Y年%m月}月报 v{self.version}"

    @property
    def late(self) -> bool:
        return self.first_submitted_on is not None and self.first_submitted_on > self.due_on

    @property
    def frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class SkillStatistic(models.Model):
    """Figures from outside the programme that HR enters each year: the employed and skilled workforce."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    employed = models.PositiveIntegerField("从业人员数")
    skilled = models.PositiveIntegerField("技能劳动者数")
    high_skilled = models.PositiveIntegerField("高技能人才数")
    source = models.CharField("数据来源", max_length=200, blank=True)
    entered_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "技能人才统计"
        verbose_name_plural = "技能人才统计"

    def __str__(self):
        return f"{self.year} 从业{self.employed} 技能{self.skilled} 高技能{self.high_skilled}"


class Reminder(models.Model):
    """A reminder sent (by e-mail) about a plan or report deadline; one per department, subject and day."""

    class Kind(models.TextChoices):
        REPORT = "report", "月报"
        PLAN = "plan", "年度计划"
        ANNUAL = "annual", "年报"

    department = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    period = models.CharField("期间", max_length=7, help_text="月报为 YYYY-MM，年度计划和年报为 YYYY")
    sent_on = models.DateField("发送日期", help_text="业务日期")
    recipients = models.PositiveIntegerField(default=0)
    overdue = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "id"]
        verbose_name = "催报提醒"
        verbose_name_plural = "催报提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["department", "kind", "period", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.department_id} {self.kind} {self.period} {self.sent_on}"


from skillup.planning.models_meetings import AnnualReport, Meeting, MeetingTask  # noqa: E402, F401

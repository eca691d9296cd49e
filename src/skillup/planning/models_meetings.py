"""Coordination (第19条, 附件3 一): leading-group and working meetings, the decisions they turn into tasks
for member units, and each department's annual report (年报). Imported at the end of planning/models.py."""

from django.db import models


class Meeting(models.Model):
    """A coordination meeting of the leading group (协调会议, twice a year) or a working meeting of the
    office (季度工作例会, quarterly), with its agenda, attendees and minutes (附件3 一)."""

    class Kind(models.TextChoices):
        LEADING = "leading", "领导小组协调会议"
        WORKING = "working", "季度工作例会"

    kind = models.CharField("会议类型", max_length=10, choices=Kind.choices)
    held_on = models.DateField("会议日期", help_text="业务日期")
    title = models.CharField("会议名称", max_length=200)
    convener = models.CharField("召集人", max_length=100, blank=True)
    agenda = models.TextField("议程")
    minutes = models.TextField("会议纪要", blank=True)
    departments = models.ManyToManyField(
        "registry.Organisation", verbose_name="参会单位", related_name="meetings", blank=True
    )
    attendees = models.TextField("参会人员", blank=True, help_text="每行一人：单位 姓名 职务")
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "协调会议"
        verbose_name_plural = "协调会议"

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    def attendee_lines(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class MeetingTask(models.Model):
    """A decision of a meeting, assigned to one member unit with a deadline (会议议定事项)."""

    class Status(models.TextChoices):
        OPEN = "open", "办理中"
        DONE = "done", "已办结"
        CANCELLED = "cancelled", "已撤销"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="tasks")
    decision = models.TextField("议定事项")
    owner = models.ForeignKey(
        "registry.Organisation",
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="meeting_tasks",
    )
    due_on = models.DateField("办结期限")
    first_due_on = models.DateField("原定期限")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField("办结日期", null=True, blank=True, help_text="业务日期")
    done_note = models.TextField("办理情况", blank=True)
    done_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    extension_reason = models.CharField("延期原因", max_length=300, blank=True)
    cancel_reason = models.CharField("撤销原因", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "会议议定事项"
        verbose_name_plural = "会议议定事项"
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.owner_id} {self.decision[:30]} {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def late(self) -> bool:
        """Done after its deadline."""
        return self.done_on is not None and self.done_on > self.due_on


class AnnualReport(models.Model):
    """A department's report on one year (年报, 第19条 健全工作月报和年报制度): the year's figures frozen on
    submission, with the narrative; HR reviews it or returns it for changes (a resubmission freezes anew)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送待审阅"
        REVIEWED = "reviewed", "已审阅"
        RETURNED = "returned", "已退回修改"

    department = models.ForeignKey(
        "registry.Organisation",
        verbose_name="主管部门",
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField("年度")
    due_on = models.DateField("报送期限")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField("报表数据", default=dict, help_text="报送时冻结")
    work_done = models.TextField("全年工作总结", blank=True)
    problems = models.TextField("存在问题", blank=True)
    suggestions = models.TextField("下一步打算", blank=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True, help_text="业务日期")
    first_submitted_on = models.DateField("首次报送日期", null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_on = models.DateField("审阅日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    review_note = models.CharField("审阅意见", max_length=500, blank=True)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "department__code"]
        verbose_name = "年报"
        verbose_name_plural = "年报"
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="annual_report_once_a_year")
        ]

    def __str__(self):
        return f"{self.department} {self.year}年年报"

    @property
    def late(self) -> bool:
        return self.first_submitted_on is not None and self.first_submitted_on > self.due_on

    @property
    def frozen(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.REVIEWED)

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

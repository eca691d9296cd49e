"""HR's what-if drafts of the policy catalogue, and their comparison runs over a year's real claims."""

from django.db import models


class Draft(models.Model):
    """A named set of changes to the catalogue, kept as the overlay YAML the CLI reads."""

    name = models.CharField("草案名称", max_length=100, unique=True)
    note = models.CharField("说明", max_length=500, blank=True)
    changes = models.JSONField("修改项", default=list, help_text="[{entry, field, value}] (whatif.overlay)")
    overlay = models.TextField("测算目录（YAML 覆盖文件）", blank=True)
    author = models.ForeignKey(
        "accounts.User", verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "政策测算草案"
        verbose_name_plural = "政策测算草案"

    def __str__(self):
        return self.name


class Run(models.Model):
    """One comparison of a draft against today's rules over the real claims of a year."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "测算中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    draft = models.ForeignKey(Draft, verbose_name="草案", on_delete=models.CASCADE, related_name="runs")
    year = models.PositiveSmallIntegerField("年度")
    overlay = models.TextField("测算所用覆盖文件", help_text="the draft's overlay when the run was started")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField("申领数", default=0)
    done = models.PositiveIntegerField("已测算", default=0)
    result = models.JSONField("测算结果", default=dict)
    error = models.CharField("错误", max_length=500, blank=True)
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("发起时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField("耗时（毫秒）", null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "测算"
        verbose_name_plural = "测算"

    def __str__(self):
        return f"{self.draft} {self.year}"

    @property
    def percent(self) -> int:
        return (
            100 if self.status == self.Status.DONE else (100 * self.done // self.total if self.total else 0)
        )

    @property
    def seconds(self) -> str:
        return f"{self.elapsed_ms / 1000:.1f}" if self.elapsed_ms is not None else ""

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

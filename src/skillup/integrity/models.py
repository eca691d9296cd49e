"""Integrity runs and findings (第二十条 大数据监管; shared/INTEGRITY.md).

A `ScanRun` is one pass of the pure engine over the database, with the engine version and the thresholds
it used, so any finding can be traced to the rules that produced it. A `Finding` is one signal on one
subject (class, claim, person or institution); it is never deleted. Later runs that see it again update
its figures; a run that no longer sees it marks it lapsed. Clearing needs a reason and is audited.
"""

from decimal import Decimal

from django.db import models

FLAG = Decimal("0.50")  # a score at or above this is a flag, and holds the money (issue 11 item 3)


class ScanRun(models.Model):
    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", "夜间定时扫描"
        MANUAL = "manual", "人社局手动扫描"
        COMMAND = "command", "命令行扫描"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "扫描中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    trigger = models.CharField("触发方式", max_length=10, choices=Trigger.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    engine_version = models.CharField("引擎版本", max_length=40, blank=True)
    thresholds = models.JSONField("使用的阈值", default=dict)
    counts = models.JSONField("扫描的记录数", default=dict)
    findings_total = models.PositiveIntegerField("线索数", default=0)
    findings_new = models.PositiveIntegerField("新线索数", default=0)
    findings_lapsed = models.PositiveIntegerField("不再触发", default=0)
    started_by = models.ForeignKey(
        "accounts.User",
        verbose_name="发起人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    seconds = models.DecimalField("用时（秒）", max_digits=8, decimal_places=2, null=True, blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "诚信扫描"
        verbose_name_plural = "诚信扫描"

    def __str__(self):
        return f"扫描 #{self.pk} {self.get_status_display()}"


class Finding(models.Model):
    class Subject(models.TextChoices):
        CLASS = "class", "班级"
        CLAIM = "claim", "申领"
        PERSON = "person", "人员"
        INSTITUTION = "institution", "培训机构"

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        CLEARED = "cleared", "已排除"
        CONFIRMED = "confirmed", "已查实"
        LAPSED = "lapsed", "数据已不再触发"

    class Source(models.TextChoices):
        ENGINE = "engine", "大数据比对"
        SPOT_CHECK = "spot_check", "抽查评估"

    key = models.CharField(max_length=120, unique=True, help_text="subject type:id:signal — one per pair")
    signal = models.CharField("线索类型", max_length=40, db_index=True)
    source = models.CharField("来源", max_length=12, choices=Source.choices, default=Source.ENGINE)
    subject_type = models.CharField("对象类型", max_length=12, choices=Subject.choices)
    subject_ref = models.CharField("对象编号", max_length=64)
    klass = models.ForeignKey(
        "training.TrainingClass",
        verbose_name="班级",
        on_delete=models.PROTECT,
        related_name="findings",
        null=True,
        blank=True,
    )
    claim = models.ForeignKey(
        "subsidies.Claim",
        verbose_name="申领",
        on_delete=models.PROTECT,
        related_name="findings",
        null=True,
        blank=True,
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="人员",
        on_delete=models.PROTECT,
        related_name="findings",
        null=True,
        blank=True,
    )
    institution = models.ForeignKey(
        "registry.Organisation",
        verbose_name="培训机构",
        on_delete=models.PROTECT,
        related_name="integrity_findings",
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        "registry.Organisation",
        verbose_name="主管部门",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    score = models.DecimalField("风险分", max_digits=3, decimal_places=2, db_index=True)
    detail = models.TextField("说明")
    evidence = models.JSONField("证据记录", default=list)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    first_run = models.ForeignKey(ScanRun, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    last_run = models.ForeignKey(
        ScanRun, on_delete=models.PROTECT, related_name="findings", null=True, blank=True
    )
    raised_by = models.ForeignKey(
        "accounts.User",
        verbose_name="提出人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    first_seen_at = models.DateTimeField("首次发现", auto_now_add=True)
    last_seen_at = models.DateTimeField("最近发现", null=True, blank=True)
    cleared_by = models.ForeignKey(
        "accounts.User",
        verbose_name="排除人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    cleared_at = models.DateTimeField("排除时间", null=True, blank=True)
    clear_reason = models.CharField("排除理由", max_length=500, blank=True)

    class Meta:
        ordering = ["-score", "-id"]
        verbose_name = "诚信线索"
        verbose_name_plural = "诚信线索"
        indexes = [
            models.Index(fields=["status", "score"]),
            models.Index(fields=["signal", "status"]),
        ]

    def __str__(self):
        return f"{self.get_subject_type_display()} {self.subject_ref} {self.signal} {self.score}"

    @property
    def flagged(self) -> bool:
        return self.score >= FLAG


class Case(models.Model):
    """An investigation opened by HR from one or more findings (issue 11 item 4). It ends with an
    outcome: cleared (its findings are cleared with the case's reason) or confirmed (the claims concerned
    are rejected, paid money becomes a recovery receivable, the filing may be suspended)."""

    class Status(models.TextChoices):
        OPEN = "open", "调查中"
        CLOSED = "closed", "已办结"

    class Outcome(models.TextChoices):
        CLEARED = "cleared", "排除（未发现问题）"
        CONFIRMED = "confirmed", "查实"

    code = models.CharField("案件编号", max_length=32, unique=True)
    title = models.CharField("案件名称", max_length=200)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    outcome = models.CharField("结论", max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField("结论说明", blank=True)
    findings = models.ManyToManyField(Finding, verbose_name="线索", related_name="cases")
    institution = models.ForeignKey(
        "registry.Organisation",
        verbose_name="涉及培训机构",
        on_delete=models.PROTECT,
        related_name="integrity_cases",
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        "registry.Organisation",
        verbose_name="主管部门",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    assignee = models.ForeignKey(
        "accounts.User",
        verbose_name="承办人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    opened_by = models.ForeignKey(
        "accounts.User", verbose_name="立案人", on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("立案时间", auto_now_add=True)
    closed_by = models.ForeignKey(
        "accounts.User",
        verbose_name="办结人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    filing_suspended = models.BooleanField("已暂停机构备案", default=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = "核查案件"
        verbose_name_plural = "核查案件"

    def __str__(self):
        return f"{self.code} {self.title}"


class CaseEvent(models.Model):
    """One step of a case, in order: nothing is edited or deleted afterwards."""

    class Kind(models.TextChoices):
        OPENED = "opened", "立案"
        ASSIGNED = "assigned", "指派承办人"
        NOTE = "note", "工作记录"
        INTERVIEW = "interview", "约谈/电话核实"
        ONSITE = "onsite", "现场核查"
        EVIDENCE = "evidence", "上传证据"
        FINDING_ADDED = "finding_added", "并入线索"
        OUTCOME = "outcome", "办结"
        RECOVERY = "recovery", "追回资金"
        FILING = "filing", "暂停备案"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("环节", max_length=20, choices=Kind.choices)
    summary = models.TextField("内容")
    details = models.JSONField("明细", default=dict, blank=True)
    actor = models.ForeignKey(
        "accounts.User", verbose_name="办理人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "案件办理记录"
        verbose_name_plural = "案件办理记录"

    def __str__(self):
        return f"{self.case_id} {self.get_kind_display()}"


class Evidence(models.Model):
    """A file attached to a case, stored under a random name outside the web root (served only through
    the case page's scoped download); its checksum proves it was not changed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    event = models.ForeignKey(
        CaseEvent, on_delete=models.PROTECT, related_name="evidence", null=True, blank=True
    )
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=80, unique=True)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "证据材料"
        verbose_name_plural = "证据材料"

    def __str__(self):
        return self.original_name


class SpotDraw(models.Model):
    """One month's spot-check draw (第二十一条 第三方评估, docs/integrity.md "Spot checks"): HR draws a
    stratified, risk-weighted random sample of the month's classes. The frame (each class with its
    stratum and weight at the moment of the draw), the seed and the method's parameters are kept, so
    `services_spot.draw_replay` gives exactly the same classes again. One draw per month: a sample
    cannot be drawn again until it suits someone."""

    month = models.DateField("抽查月份", unique=True, help_text="the first day of the month")
    seed = models.BigIntegerField("随机种子")
    size = models.PositiveIntegerField("抽取班级数")
    population = models.PositiveIntegerField("可抽班级数")
    parameters = models.JSONField("抽样参数", default=dict)
    frame = models.JSONField("抽样框", default=list, help_text="[code, department, institution, weight]")
    strata = models.JSONField("分层情况", default=list)
    drawn_by = models.ForeignKey(
        "accounts.User", verbose_name="抽取人", on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = "抽查批次"
        verbose_name_plural = "抽查批次"

    def __str__(self):
        return f"{self.month:%Y年%m月}抽查"

    @property
    def label(self) -> str:
        return f"{self.month.year}年{self.month.month}月抽查"


class SpotCheck(models.Model):
    """One drawn class, the third-party evaluator (auditor role) it is assigned to, and their form. A
    submitted form is final; "problem found" raises a `spot_check` finding on the class."""

    class Status(models.TextChoices):
        PENDING = "pending", "待检查"
        DONE = "done", "已完成"

    class Result(models.TextChoices):
        OK = "ok", "未发现问题"
        PROBLEM = "problem", "发现问题"

    draw = models.ForeignKey(
        SpotDraw, verbose_name="抽查批次", on_delete=models.PROTECT, related_name="items"
    )
    klass = models.ForeignKey(
        "training.TrainingClass", verbose_name="班级", on_delete=models.PROTECT, related_name="spot_checks"
    )
    department = models.ForeignKey(
        "registry.Organisation", verbose_name="主管部门", on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "registry.Organisation", verbose_name="培训机构", on_delete=models.PROTECT, related_name="spot_checks"
    )
    weight = models.DecimalField("抽样权重", max_digits=5, decimal_places=2)
    rank = models.PositiveIntegerField("抽取顺序")
    auditor = models.ForeignKey(
        "accounts.User",
        verbose_name="评估人员",
        on_delete=models.PROTECT,
        related_name="spot_checks",
        null=True,
        blank=True,
    )
    assigned_at = models.DateTimeField("分配时间", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    visited_on = models.DateField("检查日期", null=True, blank=True)
    interviewed = models.PositiveIntegerField("到场核对/受访学员数", null=True, blank=True)
    attended = models.PositiveIntegerField("其中确认本人参训", null=True, blank=True)
    called = models.PositiveIntegerField("电话回访人数", null=True, blank=True)
    reached = models.PositiveIntegerField("其中接通并确认参训", null=True, blank=True)
    certs_checked = models.PositiveIntegerField("核对证书数", null=True, blank=True)
    certs_genuine = models.PositiveIntegerField("其中与证书库一致", null=True, blank=True)
    notes = models.TextField("评估意见", blank=True)
    result = models.CharField("结论", max_length=10, choices=Result.choices, blank=True)
    finding = models.OneToOneField(
        Finding,
        verbose_name="诚信线索",
        on_delete=models.PROTECT,
        related_name="spot_check",
        null=True,
        blank=True,
    )
    submitted_by = models.ForeignKey(
        "accounts.User",
        verbose_name="提交人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        ordering = ["draw", "rank"]
        verbose_name = "抽查班级"
        verbose_name_plural = "抽查班级"
        constraints = [
            models.UniqueConstraint(fields=["draw", "klass"], name="spot_check_class_once_per_draw")
        ]
        indexes = [models.Index(fields=["auditor", "status"])]

    def __str__(self):
        return f"{self.draw} {self.klass_id}"

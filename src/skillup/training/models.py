"""Classes (开班), rosters, attendance and results: the proof that training happened before money moves."""

from django.db import models
from django.utils import timezone


class TrainingClass(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已驳回"
        RUNNING = "running", "培训中"
        FINISHED = "finished", "已结业"

    code = models.CharField("班级编号", max_length=32, unique=True)
    institution = models.ForeignKey(
        "registry.Organisation", verbose_name="培训机构", on_delete=models.PROTECT, related_name="classes"
    )
    department = models.ForeignKey(
        "registry.Organisation",
        verbose_name="主管部门",
        on_delete=models.PROTECT,
        related_name="supervised_classes",
    )
    department_cite = models.CharField(
        "主管部门依据", max_length=200, blank=True, help_text="the annex-1 rule the department came from"
    )
    scheme = models.CharField("补贴项目", max_length=40, db_index=True)
    occupation = models.CharField("工种（职业、项目）", max_length=100, blank=True)
    level = models.CharField("等级", max_length=10, blank=True)
    target_group = models.CharField(
        "培训对象",
        max_length=40,
        blank=True,
        help_text="target group code (registry/groups.py); routes 附件1",
    )
    employer = models.ForeignKey(
        "registry.Organisation",
        verbose_name="企业（企业职工培训）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inhouse_classes",
        limit_choices_to={"kind": "enterprise"},
    )
    hours = models.PositiveIntegerField("课时")
    start_date = models.DateField("开班日期")
    end_date = models.DateField("结业日期")
    venue = models.CharField("培训地点", max_length=200)
    venue_place = models.ForeignKey(
        "registry.Venue",
        verbose_name="登记场地",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="classes",
    )
    capacity = models.PositiveIntegerField("计划人数")
    teachers = models.CharField("授课教师", max_length=300, blank=True)
    assessment_plan = models.TextField("考核鉴定方案", blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    reject_reason = models.CharField("驳回原因", max_length=300, blank=True)
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "培训班"
        verbose_name_plural = "培训班"
        indexes = [
            models.Index(fields=["institution", "status"]),
            models.Index(fields=["department", "status"]),
        ]

    def __str__(self):
        return f"{self.code} {self.occupation}{self.level}"


class Enrolment(models.Model):
    """A trainee on a class roster."""

    class Source(models.TextChoices):
        FORM = "form", "页面录入"
        XLSX = "xlsx", "Excel 导入"
        API = "api", "接口"

    klass = models.ForeignKey(
        TrainingClass, verbose_name="培训班", on_delete=models.PROTECT, related_name="enrolments"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="学员", on_delete=models.PROTECT, related_name="enrolments"
    )
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    added_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = "学员名册"
        verbose_name_plural = "学员名册"
        constraints = [models.UniqueConstraint(fields=["klass", "person"], name="enrolment_once_per_class")]

    def __str__(self):
        return f"{self.klass.code} · {self.person.name}"


class Session(models.Model):
    """One teaching session of a class; its QR check-in code rotates every minute."""

    klass = models.ForeignKey(TrainingClass, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField("日期")
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")
    hours = models.DecimalField("课时", max_digits=4, decimal_places=1)
    venue = models.ForeignKey(
        "registry.Venue",
        verbose_name="上课场地",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    practical = models.BooleanField("实操课", default=False)
    secret = models.CharField(max_length=64, help_text="key of the rotating QR code; never shown")

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = "课次"
        verbose_name_plural = "课次"
        constraints = [models.UniqueConstraint(fields=["klass", "date", "starts_at"], name="session_unique")]

    def __str__(self):
        return f"{self.klass.code} {self.date} {self.starts_at:%H:%M}"


class Attendance(models.Model):
    """An attendance event; kept with its source and device so integrity checks can weigh it later."""

    class Method(models.TextChoices):
        QR = "qr", "扫码签到"
        FACE = "face", "人脸识别"
        MANUAL = "manual", "人工补录"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendance")
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="attendance", null=True, blank=True
    )
    date = models.DateField("日期")
    hours = models.DecimalField("课时", max_digits=4, decimal_places=1)
    method = models.CharField("方式", max_length=10, choices=Method.choices)
    low_trust = models.BooleanField("低可信", default=False, help_text="manual entries count as lower trust")
    device = models.CharField("设备", max_length=100, blank=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    checked_in_at = models.DateTimeField(
        "签到时间", null=True, blank=True, help_text="when the trainee checked in (QR scan, face terminal)"
    )
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    # When SkillUp received the record. A default rather than auto_now_add so imports and the demo can
    # keep the true moment; integrity's back-fill signal compares it with the attendance date.
    recorded_at = models.DateTimeField("录入时间", default=timezone.now, editable=False)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = "考勤"
        verbose_name_plural = "考勤"
        indexes = [models.Index(fields=["enrolment", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"],
                condition=models.Q(session__isnull=False),
                name="attendance_once_per_session",
            )
        ]

    def __str__(self):
        return f"{self.enrolment} {self.date} {self.hours}h {self.method}"


class Result(models.Model):
    """The assessment result (考核鉴定) of one trainee; a pass carries its certificate."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="result")
    passed = models.BooleanField("合格")
    certificate_no = models.CharField("证书编号", max_length=64, blank=True)
    issuer = models.CharField("发证机构", max_length=200, blank=True)
    occupation = models.CharField("职业（工种）", max_length=100, blank=True)
    level = models.CharField("等级", max_length=10, blank=True)
    certified_on = models.DateField("发证日期", null=True, blank=True)
    attended_hours = models.DecimalField("实际出勤课时", max_digits=6, decimal_places=1, default=0)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "certificate_no"],
                condition=~models.Q(certificate_no=""),
                name="certificate_unique_per_issuer",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} {'合格' if self.passed else '不合格'}"


class BindingRequest(models.Model):
    """A login asking to be bound to a person (issue 10 item 1): a new signup (for a registered person or
    a new one), or an existing login proving its binding. It completes only on proof that the asker
    controls a channel on record — the one-time code sent to the phone on record (`sms`) — or when an HR
    officer who saw the ID card in person approves it (`officer`). Services: `training.signup`."""

    class Method(models.TextChoices):
        SMS = "sms", "短信验证码"
        OFFICER = "officer", "人社局窗口核验"

    class Status(models.TextChoices):
        PENDING = "pending", "待核验"
        VERIFIED = "verified", "已绑定"
        REFUSED = "refused", "已拒绝"

    method = models.CharField("核验方式", max_length=10, choices=Method.choices, default=Method.SMS)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # The registered person asked for; None: a person not yet in the registry, registered on success.
    person = models.ForeignKey(
        "registry.Person", verbose_name="人员", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # An existing login proving its binding; for a signup, the login created on success.
    user = models.ForeignKey(
        "accounts.User", verbose_name="账号", on_delete=models.PROTECT, null=True, related_name="+"
    )
    id_cipher = models.TextField("身份证号（密文）")
    id_hash = models.CharField(max_length=64, db_index=True)
    id_masked = models.CharField("身份证号", max_length=18)
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("手机号（登录名）", max_length=11)
    password = models.CharField(max_length=128, blank=True)  # Django's password hash, never the password
    code_hash = models.CharField(max_length=64, blank=True)
    code_phone = models.CharField("验证码发送至", max_length=11, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name="核验人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField("核验时间", null=True, blank=True)
    reason = models.CharField("拒绝原因", max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "账号绑定申请"
        verbose_name_plural = "账号绑定申请"
        indexes = [models.Index(fields=["method", "status"])]

    def __str__(self):
        return f"绑定申请 #{self.pk} {self.name}（{self.id_masked}）"


# Public training bases' places and bookings (第16条): training/models_bases.py
from skillup.training.models_bases import BaseBooking, BasePlace  # noqa: E402,F401

"""Programmes of the plan that are not a single claim (issue 15), each a small register with a life cycle.

Skill-master studios (技能大师工作室, 第18条): an enterprise or institution applies with its master; HR
evaluates and names it (企业级/区级, or records a city/provincial naming); the host reports every year what
the studio did (trainees taught, results) and HR rates the report — the plan rewards those rated 优秀
("对考核优秀的给予奖励"; it names no amount, so SkillUp pays nothing on its own here); HR may withdraw a
studio with a reason. Named studios are listed publicly.
"""

from django.db import models


class Studio(models.Model):
    class Level(models.TextChoices):
        ENTERPRISE = "enterprise", "企业级"
        DISTRICT = "district", "区级"
        CITY = "city", "市级"
        PROVINCE = "province", "省级"

    class Status(models.TextChoices):
        APPLIED = "applied", "待评审"
        NAMED = "named", "已命名"
        REJECTED = "rejected", "未通过"
        WITHDRAWN = "withdrawn", "已撤销"

    name = models.CharField("工作室名称", max_length=100)
    host = models.ForeignKey(
        "registry.Organisation",
        verbose_name="依托单位",
        on_delete=models.PROTECT,
        related_name="studios",
        limit_choices_to={"kind__in": ("enterprise", "institution")},
    )
    master = models.ForeignKey(
        "registry.Person", verbose_name="领办人（技能大师）", on_delete=models.PROTECT, related_name="studios"
    )
    master_title = models.CharField(
        "领办人技能等级或称号", max_length=100, help_text="如 高级技师、首席技师、省级技术能手"
    )
    occupation = models.CharField("技能领域（职业）", max_length=100)
    level = models.CharField("申报级别", max_length=20, choices=Level.choices, default=Level.DISTRICT)
    plan = models.TextField("建设方案", help_text="传承、攻关、推广、交流的目标与措施")
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    named_on = models.DateField("命名日期", null=True, blank=True)
    named_document = models.CharField("命名文号", max_length=100, blank=True)
    reason = models.CharField("未通过或撤销原因", max_length=300, blank=True)
    applied_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    applied_at = models.DateTimeField("申报时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField("评审时间", null=True, blank=True)
    withdrawn_on = models.DateField("撤销日期", null=True, blank=True)

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = "技能大师工作室"
        verbose_name_plural = "技能大师工作室"
        indexes = [models.Index(fields=["host", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["host", "name"],
                condition=~models.Q(status__in=("rejected", "withdrawn")),
                name="studio_name_once_per_host",
            )
        ]

    def __str__(self):
        return self.name


class StudioReview(models.Model):
    """A named studio's yearly report (年度考核) and HR's rating of it."""

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        PASS = "pass", "合格"
        FAIL = "fail", "不合格"

    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveIntegerField("考核年度")
    trainees_taught = models.PositiveIntegerField("带徒传技人数")
    certified = models.PositiveIntegerField("其中取得证书或晋升等级人数", default=0)
    results = models.TextField("攻关、推广与交流成果", help_text="技术攻关、绝技绝活传承、专利、比赛获奖等")
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    rating = models.CharField("考核等次", max_length=20, choices=Rating.choices, blank=True)
    comment = models.CharField("考核意见", max_length=300, blank=True)
    rated_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    rated_at = models.DateTimeField("考核时间", null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "工作室年度考核"
        verbose_name_plural = "工作室年度考核"
        constraints = [models.UniqueConstraint(fields=["studio", "year"], name="studio_review_once_a_year")]

    def __str__(self):
        return f"{self.studio} {self.year} 年度考核"


class TeacherRotation(models.Model):
    """A practical-training teacher's rotation (实训教师轮训, 第16条): a school's or institution's teacher
    trains at a public training base for a period; or an enterprise's high-skill talent teaches at an
    institution (企业高技能人才担任专兼职教师). The institution records it; HR confirms it was completed."""

    class Direction(models.TextChoices):
        TO_BASE = "to_base", "院校教师赴基地轮训"
        FROM_ENTERPRISE = "from_enterprise", "企业高技能人才到院校任教"

    class Status(models.TextChoices):
        PLANNED = "planned", "已安排"
        COMPLETED = "completed", "已完成"
        CANCELLED = "cancelled", "已取消"

    teacher_name = models.CharField("教师姓名", max_length=50)
    institution = models.ForeignKey(
        "registry.Organisation",
        verbose_name="院校（培训机构）",
        on_delete=models.PROTECT,
        related_name="teacher_rotations",
        limit_choices_to={"kind": "institution"},
    )
    direction = models.CharField("方向", max_length=20, choices=Direction.choices, default=Direction.TO_BASE)
    base = models.ForeignKey(
        "registry.Venue",
        verbose_name="公共实训基地",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teacher_rotations",
    )
    enterprise = models.ForeignKey(
        "registry.Organisation",
        verbose_name="来源企业",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "enterprise"},
    )
    subject = models.CharField("轮训（任教）内容", max_length=200)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    hours = models.PositiveIntegerField("学时")
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "实训教师轮训"
        verbose_name_plural = "实训教师轮训"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="rotation_dates_ordered"
            )
        ]

    def __str__(self):
        return f"{self.teacher_name} {self.get_direction_display()} {self.start_date}"


# Leadership and farmer programmes (第4、5条): programmes/models_projects.py; the elite programme (第8条):
# programmes/models_elite.py; competitions (第12条): programmes/models_competitions.py
from skillup.programmes.models_competitions import CompetitionEvent, Contestant  # noqa: E402,F401
from skillup.programmes.models_elite import EliteCohort, EliteMember, EliteNomination, EliteRound  # noqa: E402,F401
from skillup.programmes.models_projects import Project, ProjectParticipant  # noqa: E402,F401

# Publicity (第21条): programmes/models_publicity.py
from skillup.programmes.models_publicity import Article  # noqa: E402,F401

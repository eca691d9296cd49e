"""Registry facts behind claims, each with its dates: who employs whom, which enterprises the district
recognises (trade friction, difficulty, high-skill demonstration, skill-level pilots), chief technicians
filed by HR, and registered venues that may be public training bases.

A claim's uplift and its enterprise preconditions are read from these rows on the claim's date
(`registry.facts`); nothing of it is typed on the claim.
"""

from django.db import models
from django.db.models import F, Q


class Employment(models.Model):
    """A person works for an enterprise from `start` until `end` (None: still employed)."""

    class Source(models.TextChoices):
        ENTERPRISE = "enterprise", "企业报送"
        HR = "hr", "人社局登记"
        REGISTRY = "registry", "人员登记"
        MIGRATION = "migration", "历史数据迁移"

    person = models.ForeignKey(
        "registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="employments"
    )
    enterprise = models.ForeignKey(
        "registry.Organisation",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="employments",
        limit_choices_to={"kind": "enterprise"},
    )
    start = models.DateField("入职日期")
    end = models.DateField("离职日期", null=True, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.ENTERPRISE)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = "劳动关系"
        verbose_name_plural = "劳动关系"
        indexes = [models.Index(fields=["person", "start"]), models.Index(fields=["enterprise", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="employment_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.person_id}@{self.enterprise_id} {self.start}–{self.end or ''}"

    def covers(self, day) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Recognition(models.Model):
    """The district's recognition of an enterprise, valid from/until (until None: until ended).

    `difficulty` is per calendar year (`year`) and carries last year's actually paid unemployment
    insurance premiums (第11条); `pilot` names the year the enterprise joined the skill-level recognition
    pilots (第10条) and stays valid until ended."""

    class Kind(models.TextChoices):
        TRADE_FRICTION = "trade_friction", "受经贸摩擦影响企业"
        DIFFICULTY = "difficulty", "困难企业"
        HIGH_SKILL_DEMO = "high_skill_demo", "高技能人才集聚示范企业"
        PILOT = "pilot", "职业技能等级认定试点企业"

    CLAUSES = {
        "trade_friction": "附件2 注1；第11条",
        "difficulty": "第11条",
        "high_skill_demo": "第10条",
        "pilot": "第10条",
    }

    enterprise = models.ForeignKey(
        "registry.Organisation",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="recognitions",
        limit_choices_to={"kind": "enterprise"},
    )
    kind = models.CharField("认定类型", max_length=20, choices=Kind.choices, db_index=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    valid_from = models.DateField("认定起")
    valid_until = models.DateField("认定止", null=True, blank=True)
    ui_premiums_last_year = models.DecimalField(
        "上年度实缴失业保险费（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    document = models.CharField("认定依据（文件）", max_length=200)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["kind", "-valid_from", "-id"]
        verbose_name = "企业资格认定"
        verbose_name_plural = "企业资格认定"
        indexes = [models.Index(fields=["enterprise", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="recognition_until_after_from",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                condition=Q(kind="difficulty"),
                name="difficulty_once_per_year",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.enterprise_id} {self.valid_from}"

    def covers(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    @property
    def clause(self) -> str:
        return self.CLAUSES[self.kind]


class ChiefTechnician(models.Model):
    """A chief technician (首席技师) of an enterprise, filed by HR for a period (第10条)."""

    enterprise = models.ForeignKey(
        "registry.Organisation",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="chief_technicians",
        limit_choices_to={"kind": "enterprise"},
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="首席技师", on_delete=models.PROTECT, related_name="chief_filings"
    )
    occupation = models.CharField("职业（工种）", max_length=100, blank=True)
    valid_from = models.DateField("备案起")
    valid_until = models.DateField("备案止", null=True, blank=True)
    document = models.CharField("备案依据", max_length=200)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = "首席技师备案"
        verbose_name_plural = "首席技师备案"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="chief_until_after_from",
            )
        ]

    def __str__(self):
        return f"首席技师 {self.person_id}@{self.enterprise_id}"

    def covers(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Venue(models.Model):
    """A registered training place; it may be recognised as a public training base (公共实训基地) for a
    period (附件2 注1, 第16条)."""

    name = models.CharField("场地名称", max_length=200)
    address = models.CharField("地址", max_length=300)
    owner = models.ForeignKey(
        "registry.Organisation",
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        related_name="venues",
        null=True,
        blank=True,
    )
    base_from = models.DateField("公共实训基地认定起", null=True, blank=True)
    base_until = models.DateField("公共实训基地认定止", null=True, blank=True)
    base_document = models.CharField("认定依据", max_length=200, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "培训场地"
        verbose_name_plural = "培训场地"
        constraints = [
            models.CheckConstraint(
                condition=Q(base_until__isnull=True)
                | (Q(base_from__isnull=False) & Q(base_until__gte=F("base_from"))),
                name="venue_base_until_after_from",
            )
        ]

    def __str__(self):
        return self.name

    def is_public_base(self, day) -> bool:
        return (
            self.base_from is not None
            and self.base_from <= day
            and (self.base_until is None or day <= self.base_until)
        )

"""The elite programme (精英提升培训, 第8条: 技工班 / 巧匠班 / 大师班, "三年累计研修200人左右").

Every year HR opens a selection round per class with its quota and nomination window; enterprises nominate
their own employees and departments the people of their sector; SkillUp checks who the class is for (the
skill level held, in the certificate register; the employer, in the employment register) and says why not;
HR shortlists and approves up to the quota; approved people are placed in a cohort with a partner
institution, in or out of the province; the cohort's attendance and outcomes are recorded, and each member
who completes gets one `elite_training` claim, quoted by the engine (省内 ≤ 1万, 省外 ≤ 2万)."""

from django.db import models


class EliteRound(models.Model):
    class Kind(models.TextChoices):
        # The values are the catalogue's kinds of `elite_training` (policy/catalogue/schemes.yaml).
        SKILLED = "技工班", "技工班"
        ARTISAN = "巧匠班", "巧匠班"
        MASTER = "大师班", "大师班"

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    kind = models.CharField("班次", max_length=10, choices=Kind.choices)
    quota = models.PositiveIntegerField("名额")
    nominate_from = models.DateField("推荐开始日期")
    nominate_to = models.DateField("推荐截止日期")
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "kind", "-id"]
        verbose_name = "精英提升培训遴选批次"
        verbose_name_plural = "精英提升培训遴选批次"
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="elite_round_once_a_year"),
            models.CheckConstraint(
                condition=models.Q(nominate_to__gte=models.F("nominate_from")), name="elite_window_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.year}年{self.kind}"

    def stage(self, today) -> str:
        if today < self.nominate_from:
            return "未开始推荐"
        if today <= self.nominate_to:
            return "推荐中"
        return "推荐已截止"


class EliteNomination(models.Model):
    class Status(models.TextChoices):
        NOMINATED = "nominated", "已推荐"
        SHORTLISTED = "shortlisted", "入围"
        APPROVED = "approved", "已确定"
        NOT_SELECTED = "not_selected", "未入选"

    round = models.ForeignKey(EliteRound, on_delete=models.PROTECT, related_name="nominations")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="elite_nominations")
    nominator = models.ForeignKey(
        "registry.Organisation",
        verbose_name="推荐单位",
        on_delete=models.PROTECT,
        related_name="elite_nominations",
    )
    employer = models.ForeignKey(
        "registry.Organisation", verbose_name="工作单位", on_delete=models.PROTECT, related_name="+"
    )
    level_held = models.CharField("现有等级", max_length=10)
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name="等级证书",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    merits = models.CharField("推荐理由（主要业绩）", max_length=500)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.NOMINATED, db_index=True
    )
    decision_note = models.CharField("评审意见", max_length=300, blank=True)
    nominated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    nominated_on = models.DateField("推荐日期")
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField("评审时间", null=True, blank=True)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = "精英提升培训推荐"
        verbose_name_plural = "精英提升培训推荐"
        indexes = [models.Index(fields=["nominator", "round"])]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="elite_nominated_once")]

    def __str__(self):
        return f"{self.round} · {self.person_id}"


class EliteCohort(models.Model):
    """One class of a round at a partner institution (研修班)."""

    round = models.ForeignKey(EliteRound, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField("研修班名称", max_length=100)
    institution = models.ForeignKey(
        "registry.Organisation",
        verbose_name="合作院校（承训机构）",
        on_delete=models.PROTECT,
        related_name="elite_cohorts",
        limit_choices_to={"kind": "institution"},
    )
    out_of_province = models.BooleanField("省外研修", default=False)
    occupation = models.CharField("研修方向（职业）", max_length=100, blank=True)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    days = models.PositiveIntegerField("研修天数")
    cost = models.DecimalField("每人研修费用（元）", max_digits=10, decimal_places=2)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "精英提升培训研修班"
        verbose_name_plural = "精英提升培训研修班"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="elite_cohort_dates_ordered"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def region(self) -> str:
        return "省外" if self.out_of_province else "省内"


class EliteMember(models.Model):
    class Outcome(models.TextChoices):
        ENROLLED = "enrolled", "在训"
        COMPLETED = "completed", "结业"
        DROPPED = "dropped", "退出"

    cohort = models.ForeignKey(EliteCohort, on_delete=models.PROTECT, related_name="members")
    nomination = models.OneToOneField(EliteNomination, on_delete=models.PROTECT, related_name="member")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="elite_memberships")
    attended_days = models.PositiveIntegerField("出勤天数", default=0)
    outcome = models.CharField(
        "结果", max_length=20, choices=Outcome.choices, default=Outcome.ENROLLED, db_index=True
    )
    outcome_on = models.DateField("结果日期", null=True, blank=True)
    claim = models.OneToOneField(
        "subsidies.Claim",
        verbose_name="补贴申领",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="elite_member",
    )

    class Meta:
        ordering = ["cohort", "id"]
        verbose_name = "研修班学员"
        verbose_name_plural = "研修班学员"

    def __str__(self):
        return f"{self.cohort} · {self.person_id}"

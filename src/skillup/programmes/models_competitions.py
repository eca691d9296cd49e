"""Competitions (第12条: 企业岗位练兵、区级技能竞赛).

An event is an enterprise's on-the-job drill (岗位练兵, run by the enterprise for its own employees) or a
district competition (区级职业技能竞赛, run by HR or a competent department, often with an institution as
承办单位). Each has its rules (occupation, level, date, venue, rules text, document number). Contestants are
registered by identity number (a drill's checked against the employment register); scores are recorded, the
ranking follows from the scores and the awards (一等奖/二等奖/三等奖) from the event's award numbers; once the
results are published the event's subsidy becomes one claim through the subsidies service (企业岗位练兵 ≤ 3万
per enterprise per year; 区级竞赛项目 ≤ 5万), quoted by the engine, and the award winners are counted in the
talent figures."""

from django.db import models


class CompetitionEvent(models.Model):
    class Kind(models.TextChoices):
        DRILL = "drill", "企业岗位练兵"
        DISTRICT = "district", "区级技能竞赛"

    class Status(models.TextChoices):
        OPEN = "open", "报名中"
        SCORED = "scored", "成绩录入中"
        PUBLISHED = "published", "成绩已公布"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices, db_index=True)
    name = models.CharField("名称", max_length=100)
    organiser = models.ForeignKey(
        "registry.Organisation",
        verbose_name="主办单位",
        on_delete=models.PROTECT,
        related_name="competitions",
    )
    host = models.ForeignKey(
        "registry.Organisation",
        verbose_name="承办机构",
        on_delete=models.PROTECT,
        related_name="hosted_competitions",
        null=True,
        blank=True,
        limit_choices_to={"kind": "institution"},
    )
    occupation = models.CharField("竞赛职业（工种）", max_length=100)
    level = models.CharField("竞赛等级", max_length=10)
    held_on = models.DateField("竞赛日期")
    venue = models.CharField("竞赛地点", max_length=200)
    rules = models.TextField("竞赛规则", max_length=2000)
    document = models.CharField("竞赛文件（文号）", max_length=100, blank=True)
    first_prizes = models.PositiveSmallIntegerField("一等奖名额", default=1)
    second_prizes = models.PositiveSmallIntegerField("二等奖名额", default=2)
    third_prizes = models.PositiveSmallIntegerField("三等奖名额", default=3)
    cost = models.DecimalField("竞赛实际费用（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    published_on = models.DateField("公布日期", null=True, blank=True)
    claim = models.OneToOneField(
        "subsidies.Claim",
        verbose_name="补贴申领",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competition_event",
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "技能竞赛（岗位练兵）"
        verbose_name_plural = "技能竞赛（岗位练兵）"
        indexes = [models.Index(fields=["organiser", "held_on"], name="competition_organiser_idx")]

    def __str__(self):
        return self.name

    @property
    def scheme(self) -> str:
        """The catalogue's scheme of the event's subsidy (policy/catalogue/schemes.yaml, 第12条)."""
        return "enterprise_competition" if self.kind == self.Kind.DRILL else "district_competition"


class Contestant(models.Model):
    class Award(models.TextChoices):
        FIRST = "一等奖", "一等奖"
        SECOND = "二等奖", "二等奖"
        THIRD = "三等奖", "三等奖"

    event = models.ForeignKey(CompetitionEvent, on_delete=models.PROTECT, related_name="contestants")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="competitions")
    employer = models.ForeignKey(
        "registry.Organisation",
        verbose_name="工作单位",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    registered_on = models.DateField("报名日期")
    score = models.DecimalField("成绩", max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField("名次", null=True, blank=True)
    award = models.CharField("奖项", max_length=10, choices=Award.choices, blank=True)

    class Meta:
        ordering = ["event", "rank", "id"]
        verbose_name = "参赛选手"
        verbose_name_plural = "参赛选手"
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="contestant_once")]

    def __str__(self):
        return f"{self.event} · {self.person_id}"

"""Programmes recorded with participants and outcomes (issue 15 item 6), with no money rule of their own:

- 第4条 上市企业职业技能提升“领航计划”: targeted training for listed companies' staff by school–enterprise
  cooperation, bought as a government service (责任单位：人社局、教体局) — the plan names no per-person amount.
- 第5条 农民职业培训: 高素质农民培育计划、农村实用人才培训计划、新型农业经营主体带头人轮训计划 (责任单位：农业农村局、
  人社局、教体局、供销总社) — the money, where any, is the annex 2 entrepreneurship rows, claimed as usual.

Each programme belongs to one department, which records it, its participants and their outcomes; the
department's monthly report counts them (planning/figures.py reads `selectors_projects.report_rows`)."""

from django.db import models


class Project(models.Model):
    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", "上市企业职业技能提升“领航计划”"
        HIGH_QUALITY_FARMER = "hq_farmer", "高素质农民培育计划"
        RURAL_TALENT = "rural_talent", "农村实用人才培训计划"
        AGRI_LEADER = "agri_leader", "新型农业经营主体带头人轮训计划"

    CLAUSES = {
        "leadership": "第4条",
        "hq_farmer": "第5条",
        "rural_talent": "第5条",
        "agri_leader": "第5条",
    }

    class Status(models.TextChoices):
        RUNNING = "running", "实施中"
        FINISHED = "finished", "已结束"

    kind = models.CharField("项目类型", max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField("项目名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    department = models.ForeignKey(
        "registry.Organisation",
        verbose_name="责任部门",
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"kind__in": ("hr", "department")},
    )
    partner = models.CharField("合作院校（承训机构）", max_length=200, blank=True)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    planned = models.PositiveIntegerField("计划人数")
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.RUNNING, db_index=True
    )
    outcomes = models.TextField("实施成效", blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-start_date", "-id"]
        verbose_name = "培训项目"
        verbose_name_plural = "培训项目"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="project_dates_ordered"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.name}"

    @property
    def clause(self) -> str:
        return self.CLAUSES.get(self.kind, "")


class ProjectParticipant(models.Model):
    class Outcome(models.TextChoices):
        ENROLLED = "enrolled", "在训"
        COMPLETED = "completed", "已结业"
        CERTIFIED = "certified", "结业并取得证书"
        DROPPED = "dropped", "中途退出"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="participants")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="projects")
    employer = models.ForeignKey(
        "registry.Organisation",
        verbose_name="工作单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    joined_on = models.DateField("参加日期")
    outcome = models.CharField("结果", max_length=20, choices=Outcome.choices, default=Outcome.ENROLLED)
    outcome_on = models.DateField("结果日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["project", "id"]
        verbose_name = "项目参加人员"
        verbose_name_plural = "项目参加人员"
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="project_participant_once")]

    def __str__(self):
        return f"{self.project} · {self.person_id}"

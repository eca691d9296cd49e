"""The claim figures rolled up by month (issue 16 item 3): what the district dashboard reads.

Database triggers keep both tables exact in the transaction that changes a claim — every path alike
(services, `queryset.update()`, `bulk_create`, `bulk_update`, admin, raw SQL): they are created by
migration 0006 (PostgreSQL: statement-level triggers adding the net delta of the changed rows with
INSERT … ON CONFLICT DO UPDATE; SQLite: row triggers). Never write these tables from Python except through
`services_rollup.rollup_rebuild`. A row whose counts fell to zero stays (harmless; the next rebuild drops it).
See docs/architecture.md, "Dashboard".
"""

from decimal import Decimal

from django.db import models


class ClaimMonthFigure(models.Model):
    """Claims of one department, month of entitlement, scheme, status and level: how many, how many with a
    person (person-times), and their amount. Keyed by level rather than by "high skill" so that a change of
    the targets' high-skill levels (planning/data/targets.yaml) needs no rebuild."""

    # No database constraint: a row may outlive its department's last claim (counts at zero).
    department = models.ForeignKey(
        "registry.Organisation", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    month = models.DateField("月份")
    scheme = models.CharField("补贴项目", max_length=40)
    status = models.CharField("状态", max_length=20)
    level = models.CharField("等级", max_length=10)
    claims = models.IntegerField("申领数", default=0)
    people = models.IntegerField("人次", default=0)
    amount = models.DecimalField("金额（元）", max_digits=18, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        verbose_name = "申领月度汇总"
        verbose_name_plural = "申领月度汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["department", "month", "scheme", "status", "level"], name="claim_month_figure_key"
            )
        ]

    def __str__(self):
        return f"{self.department_id} {self.month:%Y-%m} {self.scheme} {self.status} {self.level}"


class ClaimGroupFigure(models.Model):
    """Claims with a person, by year, status and the person's target groups (`Person.groups`, as stored):
    the dashboard's person-times by target group. A trigger on registry_person moves a person's claims
    when their groups change."""

    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=20)
    groups = models.CharField("人员类别", max_length=300)
    people = models.IntegerField("人次", default=0)

    class Meta:
        verbose_name = "申领人员类别汇总"
        verbose_name_plural = "申领人员类别汇总"
        constraints = [
            models.UniqueConstraint(fields=["year", "status", "groups"], name="claim_group_figure_key")
        ]

    def __str__(self):
        return f"{self.year} {self.status} {self.groups}"

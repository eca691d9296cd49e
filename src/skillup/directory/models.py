"""HR's directory entries beside the catalogue's annex 2 and national-catalogue names (附件2 注2)."""

from django.conf import settings
from django.db import models


class Category(models.TextChoices):
    A = "A", "A类"
    B = "B", "B类"
    C = "C", "C类"
    D = "D", "D类"


class OccupationEntry(models.Model):
    """A name HR added (a new occupation announced by the ministry, with the category of the same or nearest
    one), or a catalogue name HR marked as replaced (`catalogue_name`). A replaced name is unknown on and after
    `replaced_on`."""

    name = models.CharField("职业（工种）名称", max_length=100)
    normalised_name = models.CharField("规范化名称", max_length=100, unique=True)
    category = models.CharField("类别", max_length=1, choices=Category.choices)
    source = models.CharField("依据文件", max_length=300)
    source_date = models.DateField("发文日期", null=True, blank=True)
    catalogue_name = models.BooleanField("目录原有工种", default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    added_at = models.DateTimeField("登记时间", auto_now_add=True)
    replaced_by = models.CharField("被何工种取代", max_length=100, blank=True)
    replaced_on = models.DateField("取代日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "职业目录条目"
        verbose_name_plural = "职业目录条目"

    def __str__(self) -> str:
        return f"{self.name}（{self.category}类）"


class DirectoryVersion(models.Model):
    """One row: a token changed by every write, so each process knows when its cached catalogue is stale."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.token

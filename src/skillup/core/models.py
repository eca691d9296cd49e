from django.db import models


class Counter(models.Model):
    """The last number handed out in one series of codes (skillup.core.numbering)."""

    name = models.CharField(max_length=64, unique=True)
    value = models.BigIntegerField()

    class Meta:
        verbose_name = "编号计数器"
        verbose_name_plural = "编号计数器"

    def __str__(self):
        return f"{self.name} = {self.value}"

"""Public training bases' places and their bookings (公共实训基地, 第16条; 附件2 注1).

A base is a registered venue recognised as a public training base (registry.Venue base_from/base_until). HR
records its places (实训室、工位区) with their capacity in workstations. An institution books a place for
a practical session of its class; the booking holds the seats for the session's time, so two classes never
book more workstations than the place has. The public-training-base uplift (subsidies/uplifts.py) counts a
practical session as held at the base only when it has a confirmed booking there.
"""

from django.db import models


class BasePlace(models.Model):
    venue = models.ForeignKey(
        "registry.Venue", verbose_name="公共实训基地", on_delete=models.PROTECT, related_name="places"
    )
    name = models.CharField("实训室（工位区）", max_length=100)
    occupations = models.CharField("适用职业（工种）", max_length=300, blank=True)
    capacity = models.PositiveIntegerField("工位数")
    active = models.BooleanField("开放预约", default=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["venue", "name", "id"]
        verbose_name = "实训场所"
        verbose_name_plural = "实训场所"
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="base_place_name_once"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="base_place_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.venue.name} · {self.name}"


class BaseBooking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "已预约"
        CANCELLED = "cancelled", "已取消"

    place = models.ForeignKey(
        BasePlace, verbose_name="实训场所", on_delete=models.PROTECT, related_name="bookings"
    )
    session = models.ForeignKey(
        "training.Session", verbose_name="实操课次", on_delete=models.PROTECT, related_name="base_bookings"
    )
    # The session's time, kept on the booking so overlaps and utilisation are one indexed query.
    date = models.DateField("日期")
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")
    seats = models.PositiveIntegerField("预约工位")
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.CONFIRMED, db_index=True
    )
    booked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    booked_at = models.DateTimeField("预约时间", auto_now_add=True)
    cancelled_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=300, blank=True)

    class Meta:
        ordering = ["date", "starts_at", "id"]
        verbose_name = "实训工位预约"
        verbose_name_plural = "实训工位预约"
        indexes = [models.Index(fields=["place", "date", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=models.Q(status="confirmed"),
                name="one_live_booking_per_session",
            ),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="booking_seats_positive"),
        ]

    def __str__(self):
        return f"{self.place} {self.date} {self.starts_at:%H:%M} {self.seats} 工位"

    @property
    def hours(self):
        return self.session.hours

"""In-app notifications of the training supermarket (issue 13 item 6) and a trainee's SMS preference.

The project had no inbox, so group status reaches people here: a `Notification` per user (unread until
opened) and, unless they turned it off (`NotificationSetting.sms`), an SMS to the phone on record.
"""

from django.db import models


class Notification(models.Model):
    class Kind(models.TextChoices):
        GROUP = "group", "拼团"
        CLASS = "class", "开班"
        PAYMENT = "payment", "补贴支付"

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="market_notifications")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.GROUP)
    message = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=200, blank=True)
    group = models.ForeignKey(
        "market.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "消息"
        verbose_name_plural = "消息"
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.message[:40]


class NotificationSetting(models.Model):
    """A user's choice; no row means the default (SMS on)."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="market_notification_setting"
    )
    sms = models.BooleanField("短信通知", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "通知设置"
        verbose_name_plural = "通知设置"

    def __str__(self):
        return f"{self.user_id} 短信{'开' if self.sms else '关'}"

"""The training supermarket (培训超市, 第17条): offers of filed institutions, group-buys (拼团) and wishes.

An `Offer` is one course an institution sells, always within one of its filing items (only filed
training is subsidised, 第1条). A `Group` gathers trainees for an offer until its deadline; a group with no
offer is a *wish* (occupation + level + town) that an institution answers with an offer. When a group
reaches its minimum the institution is told; when it confirms, a class is submitted with the group's
roster (training services). `joined` is kept on the group row and changed only under its row lock, so
joins are all-or-nothing and never overfill the seats.
"""

from django.db import models

from skillup.market import towns


class Offer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已上架"
        UNPUBLISHED = "unpublished", "已下架"  # by HR, with a reason
        CLOSED = "closed", "已结束"  # by the institution, or past its dates

    institution = models.ForeignKey(
        "registry.Organisation", verbose_name="培训机构", on_delete=models.PROTECT, related_name="offers"
    )
    filing_item = models.ForeignKey(
        "registry.FilingItem", verbose_name="备案范围", on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField("课程名称", max_length=100)
    description = models.TextField("课程介绍", blank=True)
    scheme = models.CharField("补贴项目", max_length=40, db_index=True)
    occupation = models.CharField("职业（工种）", max_length=100, db_index=True)
    level = models.CharField("等级", max_length=10, blank=True)
    hours = models.PositiveIntegerField("课时")
    price = models.DecimalField("培训费（元）", max_digits=10, decimal_places=2)
    town = models.CharField("乡镇（街道）", max_length=20, choices=towns.CHOICES, db_index=True)
    venue = models.ForeignKey(
        "registry.Venue", verbose_name="登记场地", on_delete=models.PROTECT, null=True, blank=True
    )
    venue_text = models.CharField("上课地点", max_length=200)
    # Fixed dates, or none: the class opens when `minimum` people have joined a group.
    start_date = models.DateField("开课日期", null=True, blank=True)
    end_date = models.DateField("结课日期", null=True, blank=True)
    minimum = models.PositiveIntegerField("成团人数", default=10)
    seats = models.PositiveIntegerField("名额")
    teachers = models.CharField("授课教师", max_length=300, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    unpublish_reason = models.CharField("下架原因", max_length=300, blank=True)
    unpublished_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    unpublished_at = models.DateTimeField("下架时间", null=True, blank=True)
    # Everything a search matches, in one column (title, occupation, level, institution, town, teachers):
    # PostgreSQL searches it with pg_trgm, SQLite with LIKE. Kept by the services that write an offer.
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_at = models.DateTimeField("上架时间", null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "培训课程"
        verbose_name_plural = "培训课程"
        indexes = [
            models.Index(fields=["status", "town"]),
            models.Index(fields=["status", "occupation", "level"]),
            models.Index(fields=["institution", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="offer_price_not_negative"),
            models.CheckConstraint(
                condition=models.Q(minimum__gte=1) & models.Q(seats__gte=models.F("minimum")),
                name="offer_seats_cover_minimum",
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.occupation}{self.level}）"

    @property
    def town_name(self) -> str:
        return towns.name(self.town)


class OfferPhoto(models.Model):
    """A photo of an offer, kept like every uploaded file (core.uploads): type from the bytes, size limit,
    random name, sha256."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="photos")
    path = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "课程照片"
        verbose_name_plural = "课程照片"

    def __str__(self):
        return f"{self.offer_id} 照片 {self.pk}"


class Group(models.Model):
    """A group-buy (拼团) for an offer, or a wish (心愿单: occupation + level + town, no offer yet)."""

    class Status(models.TextChoices):
        OPEN = "open", "拼团中"
        REACHED = "reached", "已成团，待机构确认"
        CONFIRMED = "confirmed", "已开班"
        DISSOLVED = "dissolved", "未成团，已解散"

    code = models.CharField("拼团码", max_length=12, unique=True)
    offer = models.ForeignKey(
        Offer, verbose_name="课程", on_delete=models.PROTECT, null=True, blank=True, related_name="groups"
    )
    # A wish's subject; for an offer's group, copied from the offer.
    occupation = models.CharField("职业（工种）", max_length=100, db_index=True)
    level = models.CharField("等级", max_length=10, blank=True)
    town = models.CharField("乡镇（街道）", max_length=20, choices=towns.CHOICES, db_index=True)
    minimum = models.PositiveIntegerField("成团人数")
    seats = models.PositiveIntegerField("名额")
    joined = models.PositiveIntegerField("已参团", default=0)
    deadline = models.DateField("截止日期")
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    started_by = models.ForeignKey(
        "accounts.User", verbose_name="发起人", on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    reached_at = models.DateTimeField("成团时间", null=True, blank=True)
    klass = models.OneToOneField(
        "training.TrainingClass",
        verbose_name="开设的培训班",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="market_group",
    )
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    dissolved_at = models.DateTimeField("解散时间", null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "拼团"
        verbose_name_plural = "拼团"
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["status", "occupation", "town"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(joined__lte=models.F("seats")), name="group_not_overfull"
            ),
        ]

    def __str__(self):
        return f"拼团 {self.code} {self.occupation}{self.level}"

    @property
    def is_wish(self) -> bool:
        return self.offer_id is None

    @property
    def town_name(self) -> str:
        return towns.name(self.town)


class GroupMember(models.Model):
    """A person in a group: joined themselves, or booked by their enterprise (`booked_by_enterprise`)."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="market_groups")
    booked_by_enterprise = models.ForeignKey(
        "registry.Organisation",
        verbose_name="企业代订",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    joined_at = models.DateTimeField("参团时间", auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = "参团人员"
        verbose_name_plural = "参团人员"
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="group_member_once")]

    def __str__(self):
        return f"{self.group.code} · {self.person_id}"


# Notifications of group status (issue 13 item 6) live in their own module.
from skillup.market.models_groups import Notification, NotificationSetting  # noqa: E402, F401

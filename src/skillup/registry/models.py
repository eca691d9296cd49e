from decimal import Decimal

from django.db import models

from skillup.registry import groups as group_codes


class OrgKind(models.TextChoices):
    HR = "hr", "人社局"
    FINANCE = "finance", "财政局"
    DEPARTMENT = "department", "主管部门"
    INSTITUTION = "institution", "培训机构"
    ENTERPRISE = "enterprise", "企业"
    ASSESSOR = "assessor", "评价机构"


class Organisation(models.Model):
    """Every body that acts in the programme: the bureaus, the 15 departments, institutions, enterprises."""

    kind = models.CharField("类型", max_length=20, choices=OrgKind.choices, db_index=True)
    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=200)
    short_name = models.CharField("简称", max_length=50, blank=True)
    sector = models.CharField("负责领域", max_length=300, blank=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, null=True, blank=True)
    address = models.CharField("地址", max_length=300, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    bank_account = models.CharField("银行账号", max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Enterprise(models.Model):
    """The flags the policy uses about an enterprise (clauses 3, 4, 10, 11, annex 2 note 1)."""

    class Kind(models.TextChoices):
        # 附件1 rows 10, 14, 15: the kinds of employer whose staff a department trains (routing,
        # training/departments.py); state ownership (row 9) is the separate flag `state_owned`.
        GENERAL = "general", "一般企业"
        SMALL_MICRO = "small_micro", "小微企业"
        COOP = "coop", "供销合作社"
        FOREIGN_TRADE = "foreign_trade", "外贸企业"

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="enterprise"
    )
    industry = models.CharField("行业", max_length=100, blank=True)
    listed = models.BooleanField("上市企业", default=False)
    chemical = models.BooleanField("化工企业", default=False)
    in_difficulty = models.BooleanField("困难企业", default=False)
    trade_friction = models.BooleanField("受经贸摩擦影响", default=False)
    high_skill_demo = models.BooleanField("高技能人才集聚示范企业", default=False)
    state_owned = models.BooleanField("国有或国有控股", default=False)
    kind = models.CharField("企业类型", max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    ui_premiums_last_year = models.DecimalField(
        "上年度实缴失业保险费（元）", max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    employees = models.PositiveIntegerField("职工人数", default=0)

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"

    def __str__(self):
        return self.organisation.name


class Institution(models.Model):
    """A training institution; its filings (备案) say which schemes and occupations it may train."""

    class Kind(models.TextChoices):
        SCHOOL = "school", "职业技工院校"
        PRIVATE = "private", "民办培训机构"
        ENTERPRISE = "enterprise", "企业培训中心"
        PUBLIC_BASE = "public_base", "公共实训基地"

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="institution"
    )
    kind = models.CharField("机构类型", max_length=20, choices=Kind.choices, default=Kind.PRIVATE)
    public_training_base = models.BooleanField("公共实训基地", default=False)

    class Meta:
        verbose_name = "培训机构"
        verbose_name_plural = "培训机构"

    def __str__(self):
        return self.organisation.name


class Person(models.Model):
    """One person per identity number; the number is kept only encrypted, found by its keyed hash."""

    class Sex(models.TextChoices):
        MALE = "男", "男"
        FEMALE = "女", "女"

    id_cipher = models.TextField("身份证号（密文）")
    id_hash = models.CharField(max_length=64, unique=True)
    id_masked = models.CharField("身份证号", max_length=18)
    name = models.CharField("姓名", max_length=50, db_index=True)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    phone = models.CharField("手机号", max_length=11, blank=True)
    groups = models.CharField("人员类别", max_length=300, blank=True)
    employer = models.ForeignKey(
        Organisation,
        verbose_name="工作单位",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        limit_choices_to={"kind": OrgKind.ENTERPRISE},
    )
    pension = models.BooleanField("按月领取养老金", default=False)
    citizen_card = models.CharField("市民卡号", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "人员"
        verbose_name_plural = "人员"

    def __str__(self):
        return f"{self.name}（{self.id_masked}）"

    @property
    def group_list(self) -> list[str]:
        return group_codes.decode(self.groups)

    @property
    def group_names(self) -> str:
        return group_codes.names(self.group_list)

    @property
    def citizen_card_masked(self) -> str:
        card = self.citizen_card
        return card[:4] + "*" * (len(card) - 8) + card[-4:] if len(card) > 8 else card


class Filing(models.Model):
    """An institution's filing (备案) with the HR bureau: which schemes and occupations it may train, and
    until when (clause 1: only filed institutions' training is subsidised)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        APPROVED = "approved", "已备案"
        REJECTED = "rejected", "已驳回"
        SUSPENDED = "suspended", "已暂停"
        REVOKED = "revoked", "已撤销"

    # A training institution's filing, or an assessment institution's (评价机构, 第13条 "经备案的").
    institution = models.ForeignKey(
        Organisation,
        verbose_name="培训机构/评价机构",
        on_delete=models.PROTECT,
        related_name="filings",
        limit_choices_to={"kind__in": (OrgKind.INSTITUTION, OrgKind.ASSESSOR)},
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    valid_from = models.DateField("有效期起", null=True, blank=True)
    valid_until = models.DateField("有效期止", null=True, blank=True)
    reason = models.CharField("驳回/暂停/撤销原因", max_length=300, blank=True)
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    submitted_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = "机构备案"
        verbose_name_plural = "机构备案"

    def __str__(self):
        return f"{self.institution.name} 备案 #{self.pk}"


class FilingItem(models.Model):
    """One scheme + occupation (+ levels) a filing covers."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="items")
    scheme = models.CharField("补贴项目", max_length=40)
    occupation = models.CharField("工种（职业、项目）", max_length=100, blank=True)
    levels = models.CharField("等级", max_length=100, blank=True, help_text="以“,”分隔，如 初级,中级,高级")

    class Meta:
        verbose_name = "备案范围"
        verbose_name_plural = "备案范围"
        constraints = [
            models.UniqueConstraint(fields=["filing", "scheme", "occupation"], name="filing_item_unique")
        ]

    def __str__(self):
        return f"{self.scheme} {self.occupation} {self.levels}"

    @property
    def level_list(self) -> list[str]:
        return [lv for lv in self.levels.split(",") if lv]


class GroupRecognition(models.Model):
    """A dated recognition of a person in a target group (e.g. 城镇低保家庭 from the civil-affairs list, 建档
    立卡低收入农户 from agriculture's register). `Person.groups` is today's state; these rows say since when
    and until when, so that a benefit "during training" (第7条 生活费补贴) counts only the days the person
    was in the group. Written by `registry.services_groups.group_recognise`."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="recognitions")
    group = models.CharField("人员类别", max_length=40)
    valid_from = models.DateField("认定起始日")
    valid_until = models.DateField("认定截止日", null=True, blank=True)
    source = models.CharField("认定依据", max_length=200, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "group", "valid_from"]
        verbose_name = "人员类别认定"
        verbose_name_plural = "人员类别认定"
        indexes = [models.Index(fields=["person", "group"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="recognition_dates_ordered",
            )
        ]

    def __str__(self):
        return f"{self.person_id} {self.group} {self.valid_from}–{self.valid_until or ''}"

    @property
    def group_name(self) -> str:
        return group_codes.TARGET_GROUPS.get(self.group, self.group)


# Dated facts behind claims (employment, recognitions, chief technicians, venues): registry/models_facts.py
from skillup.registry.models_facts import ChiefTechnician, Employment, Recognition, Venue  # noqa: E402,F401

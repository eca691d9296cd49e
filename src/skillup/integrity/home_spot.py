"""Home tiles of the spot checks and institution credit (collected by integrity/home.py). A fixed number
of queries whatever the data (tests/core/test_home_queries.py)."""

from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.registry import Todo
from skillup.integrity.credit import credit_of
from skillup.integrity.models import SpotCheck, SpotDraw
from skillup.integrity.selectors_spot import month_classes
from skillup.registry.models import Organisation, OrgKind

HR = (Role.HR, Role.HR_ADMIN)


def todo(user) -> list[Todo]:
    items: list[Todo] = []
    role = getattr(user, "role", None)
    if role == Role.AUDITOR:
        n = SpotCheck.objects.filter(auditor_id=user.pk, status=SpotCheck.Status.PENDING).count()
        if n:
            items.append(
                Todo(
                    "待完成的抽查",
                    count=n,
                    url=reverse("spot:mine"),
                    hint="到场核对、电话回访学员并核对证书后填写抽查记录",
                    level="warning",
                )
            )
    elif role in HR:
        month = today().replace(day=1)
        if not SpotDraw.objects.filter(month=month).exists() and month_classes(month).exists():
            items.append(
                Todo(
                    f"{month.month}月抽查尚未抽取",
                    url=reverse("spot:draw_new"),
                    hint="按主管部门和机构分层、按风险加权随机抽取本月班级，分配给第三方评估人员",
                )
            )
        n = SpotCheck.objects.filter(auditor__isnull=True, status=SpotCheck.Status.PENDING).count()
        if n:
            items.append(
                Todo(
                    "未分配评估人员的抽查班级",
                    count=n,
                    url=reverse("spot:draws"),
                    hint="在抽查批次中勾选班级，分配给第三方评估人员",
                    level="warning",
                )
            )
    elif role == Role.INSTITUTION and user.organisation_id:
        org = Organisation.objects.filter(pk=user.organisation_id, kind=OrgKind.INSTITUTION).first()
        if org is not None:
            r = credit_of(org)
            items.append(
                Todo(
                    f"本机构诚信等级：{r.level} 级（{r.name}）",
                    url=reverse("spot:credit", args=[org.pk]),
                    hint=r.reasons[0] if r.reasons else "",
                    level=r.colour if r.colour != "info" else "primary",
                )
            )
    return items

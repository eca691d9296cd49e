"""Home-page items of integrity cases (collected by integrity/home.py): the cases an officer is assigned,
HR's unassigned cases, and an institution's case about itself."""

from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.registry import Todo
from skillup.integrity.models import Case
from skillup.integrity.selectors_cases import cases_visible_to


def todo(user) -> list[Todo]:
    items = []
    open_cases = cases_visible_to(user).filter(status=Case.Status.OPEN)
    url = reverse("integrity:cases")
    if user.role in (Role.HR, Role.HR_ADMIN, Role.AUDITOR):
        mine = open_cases.filter(assignee_id=user.pk).count()
        if mine:
            items.append(
                Todo(
                    "我承办的核查案件",
                    mine,
                    f"{url}?status=open&mine=1",
                    "记录约谈、现场核查和证据",
                    "warning",
                )
            )
    if user.role in (Role.HR, Role.HR_ADMIN):
        unassigned = open_cases.filter(assignee__isnull=True).count()
        if unassigned:
            items.append(
                Todo(
                    "未指派承办人的案件",
                    unassigned,
                    f"{url}?status=open",
                    "请指派人社局或第三方评估人员承办",
                    "warning",
                )
            )
    if user.role == Role.INSTITUTION:
        n = open_cases.count()
        if n:
            items.append(Todo("本机构被立案核查", n, url, "相关申领暂缓支付，请配合核查", "danger"))
    return items

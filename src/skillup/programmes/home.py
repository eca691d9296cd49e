from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.registry import Todo
from skillup.programmes import selectors
from skillup.programmes.models import Studio


def todo(user) -> list[Todo]:
    items: list[Todo] = []
    if user.role in (Role.HR, Role.HR_ADMIN):
        applied = selectors.studios_visible_to(user).filter(status=Studio.Status.APPLIED).count()
        if applied:
            url = reverse("programmes:studios") + "?status=applied"
            items.append(Todo("技能大师工作室待评审", applied, url, "第18条：评审后命名或退回", "warning"))
        to_rate = selectors.reviews_to_rate(user).count()
        if to_rate:
            url = reverse("programmes:studios") + "?status=named"
            items.append(
                Todo("工作室年度考核待评定", to_rate, url, "对考核优秀的给予奖励（第18条）", "warning")
            )
    return items

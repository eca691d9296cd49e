from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.registry import Todo
from skillup.programmes import selectors, selectors_elite, selectors_publicity
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
        waiting = selectors_elite.nominations_visible_to(user).filter(status__in=("nominated", "shortlisted"))
        rounds = list(waiting.order_by("round_id").values_list("round_id", flat=True).distinct()[:2])
        if rounds:
            count = waiting.count()
            url = (
                reverse("programmes:elite_round", args=[rounds[0]])
                if len(rounds) == 1
                else reverse("programmes:elite")
            )
            items.append(
                Todo("精英提升培训人选待评审", count, url, "第8条：入围、确定（名额内）或未入选", "warning")
            )
        articles = selectors_publicity.waiting_review(user).count()
        if articles:
            url = reverse("programmes:articles") + "?status=submitted"
            items.append(
                Todo("宣传文章待审核", articles, url, "第21条：由撰稿人以外的工作人员审核", "warning")
            )
    return items

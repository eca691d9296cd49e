from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.registry import Todo


def todo(user) -> list[Todo]:
    items = []
    if user.role == Role.TRAINEE and user.person and not user.person.phone:
        items.append(
            Todo(
                "请补充手机号",
                hint="用于接收开班、签到和补贴到账通知",
                url=reverse("my_profile"),
                level="warning",
            )
        )
    return items

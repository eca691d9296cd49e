from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.registry import Todo


def todo(user) -> list[Todo]:
    if user.role == Role.TRAINEE and user.person_id:
        return [
            Todo(
                "我的终身档案",
                None,
                reverse("records:mine"),
                "全部培训、证书和补贴；可下载 PDF 或分享给用人单位",
            )
        ]
    return []

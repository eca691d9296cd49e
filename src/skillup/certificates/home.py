from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.registry import Todo


def todo(user) -> list[Todo]:
    items = []
    if user.role == Role.ASSESSOR:
        items.append(
            Todo("登记本机构发放的证书", None, reverse("certificate_new"), "逐条登记或下载模板批量导入")
        )
    return items

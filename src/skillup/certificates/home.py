from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.registry import Todo


def todo(user) -> list[Todo]:
    from skillup.certificates import selectors
    from skillup.subsidies.models import Claim
    from skillup.subsidies.selectors import claims_visible_to

    items = []
    if user.role in (Role.HR, Role.HR_ADMIN):
        n = selectors.queue_visible_to(user).count()
        if n:
            items.append(
                Todo(
                    "待核验证书的补贴申领",
                    n,
                    reverse("certificate_queue"),
                    "查看扫描件，核验通过入证书库或不予认定（第13条）",
                    level="warning",
                )
            )
    if user.role == Role.TRAINEE:
        n = claims_visible_to(user).filter(status=Claim.Status.CERT_PENDING).count()
        if n:
            items.append(
                Todo(
                    "申领待核验证书",
                    n,
                    reverse("claim_list") + f"?status={Claim.Status.CERT_PENDING}",
                    "证书尚未在证书库登记；可在申领页上传证书扫描件，供人社局核验",
                    level="warning",
                )
            )
    if user.role == Role.ASSESSOR:
        items.append(
            Todo("登记本机构发放的证书", None, reverse("certificate_new"), "逐条登记或下载模板批量导入")
        )
    return items

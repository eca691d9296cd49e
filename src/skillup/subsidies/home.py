from urllib.parse import urlencode

from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.registry import Todo
from skillup.subsidies import review
from skillup.subsidies.models import Claim
from skillup.subsidies.selectors import claims_filtered, claims_visible_to
from skillup.subsidies.selectors_verification import queue_visible_to

S = Claim.Status


def todo(user) -> list[Todo]:
    items = _certificate_queue(user)
    url = reverse("claim_list")
    step = review.review_step(user)
    if step:
        # Each tile counts exactly what its link lists (the same selector and filters as the list page).
        tiles = [(review.STEP_NAMES[step], {"status": review.STATUS_OF_STEP[step]})]
        if step == "hr" and user.organisation_id:
            # The HR bureau is itself the competent department of some schemes (review_steps).
            params = {"status": S.CHECKED, "department": user.organisation.code}
            tiles.insert(0, ("主管部门审核（人社局主管）", params))
        for name, params in tiles:
            n = claims_filtered(user, params).count()
            if n:
                items.append(
                    Todo(
                        f"待{name}的补贴申领",
                        n,
                        f"{url}?{urlencode(params)}",
                        "逐笔或批量审核；退回须写明理由",
                    )
                )
    if user.role == Role.FINANCE:
        n = Claim.objects.filter(status=S.FINANCE_APPROVED).count()
        if n:
            items.append(
                Todo("待生成支付批次的申领", n, f"{url}?status={S.FINANCE_APPROVED}", "勾选后生成支付批次")
            )
        n = Claim.objects.filter(status=S.PAYMENT_FAILED).count()
        if n:
            items.append(
                Todo(
                    "支付失败待重新发放",
                    n,
                    f"{url}?status={S.PAYMENT_FAILED}",
                    "核对收款账号后重新发放",
                    level="danger",
                )
            )
    if user.role in (Role.INSTITUTION, Role.ENTERPRISE, Role.TRAINEE):
        n = claims_visible_to(user).filter(status__in=(S.REJECTED, S.REFUSED)).count()
        if n:
            items.append(
                Todo(
                    "被退回或未通过的申领",
                    n,
                    f"{url}?status={S.REJECTED}",
                    "查看原因，更正后重新提交",
                    level="warning",
                )
            )
    return items


def _certificate_queue(user) -> list[Todo]:
    """The 待核验证书 queue (subsidies/verification.py): HR's count, and the trainee's own waiting claims."""
    items = []
    if user.role in (Role.HR, Role.HR_ADMIN):
        n = queue_visible_to(user).count()
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
    return items

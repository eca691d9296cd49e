"""Home-page items of the fund: failed payments waiting for a corrected card or account."""

from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.registry import Todo
from skillup.fund import selectors
from skillup.fund.models import PaymentLine


def todo(user) -> list[Todo]:
    if user.role in (Role.HR, Role.HR_ADMIN):
        n = len(selectors.failed_payments_filtered(user, {"corrected": "no"}))  # what the link lists
        if n:
            return [
                Todo(
                    "支付失败待更正账号",
                    n,
                    f"{reverse('failed_payments')}?corrected=no",
                    "为个人登记新市民卡，或变更单位银行账号",
                    level="warning",
                )
            ]
    if user.role == Role.TRAINEE and user.person_id:
        failed = PaymentLine.objects.filter(
            status=PaymentLine.Status.FAILED,
            claim__status="payment_failed",
            claim__person_id=user.person_id,
            claim__payee_kind="person",
        )
        reason = failed.order_by("-id").values_list("reason", flat=True).first()
        if reason:
            return [
                Todo(
                    "补贴支付失败",
                    failed.values("claim_id").distinct().count(),
                    reverse("my_profile"),
                    f"原因：{reason}。请在「我的信息」更新市民卡号，财政局将按新卡重新发放",
                    level="danger",
                )
            ]
    return []

"""What the market tells people when other apps act (core.registry `announce`, issue 13 item 6):

- `class.approve` / `class.reject` of a class confirmed from a group: every member learns the decision;
- `claims.paid` (the bank's result file, fund/payments.py): each person paid a personal subsidy learns the
  amount and the day.

In-app for those with a login, SMS to the phone on record unless they turned it off (notify.tell: the SMS
goes out after the commit; a gateway failure never undoes the action)."""

from django.urls import reverse

from skillup.market import notify
from skillup.market.models import Group
from skillup.market.models_groups import Notification


def on(event: str, data: dict) -> None:
    if event in ("class.approve", "class.reject"):
        _class_decided(event, data["klass"])
    elif event == "claims.paid":
        _paid(data["claim_ids"])


def _class_decided(event: str, klass) -> None:
    group = Group.objects.filter(klass=klass).select_related("offer").first()
    if group is None:
        return
    people = list(group.members.values_list("person_id", flat=True))
    title = group.offer.title if group.offer else f"{group.occupation}{group.level}"
    if event == "class.approve":
        text = f"您参加的拼团「{title}」已获批开班（班级 {klass.code}），{klass.start_date:%Y-%m-%d} 开课，请按时上课签到"
    else:
        text = f"您参加的拼团「{title}」开班申请被主管部门退回：{klass.reject_reason}。机构修改后会重新提交"
    notify.tell(
        person_ids=people,
        message=text,
        url=reverse("market_groups:group", args=[group.code]),
        group=group,
        kind=Notification.Kind.CLASS,
    )


def _paid(claim_ids: list[int]) -> None:
    from skillup.policy.catalogue import scheme_names
    from skillup.subsidies.models import Claim

    if not claim_ids:
        return
    names = scheme_names()
    claims = Claim.objects.filter(pk__in=claim_ids, payee_kind=Claim.Payee.PERSON, person__isnull=False)
    url = reverse("records:mine")
    notify.tell_each(
        [
            (
                c.person_id,
                f"您的{names.get(c.scheme, c.scheme)} {c.amount} 元已于 {c.paid_on:%Y-%m-%d} 支付到您的市民卡",
                url,
            )
            for c in claims.only("pk", "person_id", "scheme", "amount", "paid_on").order_by("pk")
        ],
        kind=Notification.Kind.PAYMENT,
    )

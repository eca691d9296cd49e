"""Telling people about their groups (issue 13 item 6): an in-app message for every user concerned and an
SMS through the project's adapter (accounts/sms.py; the log backend by default) to each person's phone on
record, unless their user turned SMS off.

Called inside the service's transaction: the messages are rows of that transaction, the SMS go out only
once it commits (`transaction.on_commit`), so a refused action never texts anybody. A gateway failure is
logged and never undoes the action: the in-app message is there either way.
"""

import logging
from collections.abc import Iterable

from django.db import transaction

from skillup.accounts import sms
from skillup.accounts.models import User
from skillup.market.models_groups import Notification, NotificationSetting
from skillup.registry.models import Person

log = logging.getLogger("skillup.market")


def sms_enabled(user) -> bool:
    setting = NotificationSetting.objects.filter(user=user).first()
    return setting.sms if setting is not None else True


def _send_all(phones: list[str], message: str) -> None:
    for phone in phones:
        try:
            sms.send(phone, message)
        except sms.SmsError as exc:
            log.warning("market SMS to %s not sent: %s", sms.mask_phone(phone), exc)


def tell(
    *,
    users: Iterable[User] = (),
    person_ids: Iterable[int] = (),
    message: str,
    url: str = "",
    group=None,
    kind: str = Notification.Kind.GROUP,
) -> int:
    """In-app to `users` and to the users of `person_ids`; SMS to the people (`person_ids`) whose user has
    not turned it off. People without a login (staff booked by their enterprise) get the SMS only.
    Returns the number of in-app messages written."""
    person_ids = set(person_ids)
    recipients = {u.pk: u for u in users}
    for user in User.objects.filter(person_id__in=person_ids, is_active=True):
        recipients.setdefault(user.pk, user)
    Notification.objects.bulk_create(
        [
            Notification(user_id=pk, kind=kind, message=message[:300], url=url[:200], group=group)
            for pk in recipients
        ]
    )
    silenced = set(
        NotificationSetting.objects.filter(sms=False, user__person_id__in=person_ids).values_list(
            "user__person_id", flat=True
        )
    )
    phones = [
        phone
        for pk, phone in Person.objects.filter(pk__in=person_ids - silenced).values_list("pk", "phone")
        if phone
    ]
    if phones:
        transaction.on_commit(lambda: _send_all(phones, message))
    return len(recipients)


def tell_each(items: list[tuple[int, str, str]], *, kind: str) -> int:
    """Each person their own messages ([(person_id, message, url)]), in a fixed number of queries whatever
    their number (a bank result file pays hundreds at once): in-app to their users, SMS unless turned off."""
    if not items:
        return 0
    ids = {pid for pid, _m, _u in items}
    users: dict[int, list[int]] = {}
    for pk, pid in User.objects.filter(person_id__in=ids, is_active=True).values_list("pk", "person_id"):
        users.setdefault(pid, []).append(pk)
    rows = [
        Notification(user_id=uid, kind=kind, message=message[:300], url=url[:200])
        for pid, message, url in items
        for uid in users.get(pid, [])
    ]
    Notification.objects.bulk_create(rows)
    silenced = set(
        NotificationSetting.objects.filter(sms=False, user__person_id__in=ids).values_list(
            "user__person_id", flat=True
        )
    )
    phones = dict(Person.objects.filter(pk__in=ids - silenced).exclude(phone="").values_list("pk", "phone"))
    texts = [(phones[pid], message) for pid, message, _u in items if pid in phones]
    if texts:
        transaction.on_commit(lambda: [_send_all([phone], text) for phone, text in texts])
    return len(rows)

"""Dated recognitions of a person in a target group (认定: e.g. 城镇低保家庭, 建档立卡低收入农户, 就业困难人员).

`Person.groups` is the person's state today; a recognition says from when until when a group was held, so
that benefits tied to days (第7条 生活费补贴, subsidies/living.py) count only the days in the group. HR (or a
department officer) records a recognition with its source; a recognition that covers today also puts the
group on the person. Every write is audited.
"""

import datetime as dt

from django.db import transaction

from skillup.accounts import audit
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation
from skillup.core.permissions import require
from skillup.registry import groups as group_codes
from skillup.registry import permissions
from skillup.registry.models import GroupRecognition, Person

RECORDERS = permissions.RECORDERS


def group_recognise(
    *,
    actor,
    person: Person,
    group: str,
    valid_from: dt.date | None,
    valid_until: dt.date | None = None,
    source: str = "",
) -> GroupRecognition:
    require(permissions.can_record_recognition(actor, person))
    errors = []
    if group not in group_codes.TARGET_GROUPS:
        errors.append(FieldError(f"未知的人员类别“{group}”", field="group"))
    if not isinstance(valid_from, dt.date):
        errors.append(FieldError("请填写认定起始日", field="valid_from"))
    elif valid_until is not None and valid_until < valid_from:
        errors.append(FieldError("认定截止日不能早于起始日", field="valid_until"))
    source = (source or "").strip()
    if not source:
        errors.append(FieldError("请填写认定依据（如 民政局低保名册 2021年第3批）", field="source"))
    if errors or valid_from is None:
        raise RuleViolation(errors)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        rec = GroupRecognition.objects.create(
            person=person,
            group=group,
            valid_from=valid_from,
            valid_until=valid_until,
            source=source[:200],
            recorded_by=actor,
        )
        before = person.groups
        held = group_codes.decode(person.groups)
        if valid_from <= today() and (valid_until is None or today() <= valid_until) and group not in held:
            person.groups = group_codes.encode([*held, group])
            person.save(update_fields=["groups", "updated_at"])
        name = group_codes.TARGET_GROUPS[group]
        audit.record(
            actor=actor,
            action="person.group_recognise",
            obj=person,
            changes={
                "recognition": [None, f"{group} {valid_from}–{valid_until or ''}"],
                **({"groups": [before, person.groups]} if before != person.groups else {}),
            },
            summary=f"登记 {person.name} 属{name}（{valid_from:%Y-%m-%d} 起"
            + (f"，至 {valid_until:%Y-%m-%d}" if valid_until else "")
            + f"；{source[:60]}）",
        )
    return rec

"""Writes of HR's occupation directory: one transaction, one audit row each (附件2 注2)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction

from skillup.accounts import audit
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.directory import permissions
from skillup.directory.catalogue import current
from skillup.directory.models import Category, DirectoryVersion, OccupationEntry
from skillup.policy.names import normalise

# 附件2 注2: the directory is HR's (人社部门发文颁布的新工种).
MAINTAINERS = permissions.MAINTAINERS
NAME_MAX = 100


def _require(actor) -> None:
    require(permissions.can_edit_directory(actor))


def _bump() -> None:
    DirectoryVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def _text(value, field: str, label: str, errors: list[FieldError], limit: int) -> str:
    text = str(value or "").strip()
    if not text:
        errors.append(FieldError(f"请填写{label}", field=field))
    elif len(text) > limit:
        errors.append(FieldError(f"{label}不超过 {limit} 个字", field=field))
    return text


def _day(value, field: str, label: str, errors: list[FieldError]) -> dt.date | None:
    if not isinstance(value, dt.date):
        errors.append(FieldError(f"请填写{label}（YYYY-MM-DD）", field=field))
        return None
    if value > today():
        errors.append(FieldError(f"{label}不能晚于今天（{today():%Y-%m-%d}）", field=field))
    return value


def _where(origin: str) -> str:
    return {"annex2": "附件2 A/B/C 类目录", "national": "国家职业资格目录", "directory": "人社局职业目录"}[
        origin
    ]


def occupation_add(
    *, actor, name: str, category: str, source: str, source_date: dt.date, note: str = ""
) -> OccupationEntry:
    """附件2 注2: a new occupation (人社部门发文颁布) with the category of the same or nearest one."""
    _require(actor)
    errors: list[FieldError] = []
    name = _text(name, "name", "职业（工种）名称", errors, NAME_MAX)
    key = normalise(name)
    if name and not key:
        errors.append(FieldError("请填写职业（工种）名称", field="name"))
    if category not in Category.values:
        errors.append(FieldError("类别应为 A、B、C 或 D", field="category"))
    source = _text(source, "source", "依据文件（发文单位、文号）", errors, 300)
    day = _day(source_date, "source_date", "发文日期", errors)
    if key:
        known = current().occupation_index.get(name)
        if known is not None:
            errors.append(
                FieldError(
                    f"“{known.name}”已在{_where(known.origin)}中（{known.category}类），不能重复登记",
                    field="name",
                )
            )
        elif current().is_special_item(name):
            errors.append(FieldError(f"“{name}”是附件2 专项职业能力项目，不是职业（工种）", field="name"))
    if errors:
        raise RuleViolation(errors)
    with transaction.atomic():
        if OccupationEntry.objects.select_for_update().filter(normalised_name=key).exists():
            raise RuleViolation(f"“{name}”已在人社局职业目录中，不能重复登记", field="name")
        entry = OccupationEntry.objects.create(
            name=name,
            normalised_name=key,
            category=category,
            source=source,
            source_date=day,
            added_by=actor,
            note=str(note or "").strip(),
        )
        _bump()
        audit.record(
            actor=actor,
            action="directory.occupation_add",
            obj=entry,
            changes={"name": name, "category": category, "source": source, "source_date": day},
            summary=f"职业目录新增 {name}（{category}类），依据 {source}",
        )
    return entry


def occupation_mark_replaced(
    *, actor, name: str, replaced_by: str, replaced_on: dt.date, note: str = ""
) -> OccupationEntry:
    """A name (HR's or the catalogue's) is replaced by another known name from `replaced_on` on."""
    _require(actor)
    errors: list[FieldError] = []
    name = _text(name, "name", "被取代的职业（工种）", errors, NAME_MAX)
    replaced_by = _text(replaced_by, "replaced_by", "取代它的职业（工种）", errors, NAME_MAX)
    day = _day(replaced_on, "replaced_on", "取代日期", errors)
    cat = current()
    old = cat.occupation_index.get(name) if name else None
    new = cat.occupation_index.get(replaced_by) if replaced_by else None
    if name and old is None:
        errors.append(FieldError(f"“{name}”不在职业（工种）目录中", field="name"))
    if replaced_by and new is None:
        errors.append(
            FieldError(f"替代工种“{replaced_by}”不在职业（工种）目录中，请先登记", field="replaced_by")
        )
    if old is not None and new is not None and normalise(old.name) == normalise(new.name):
        errors.append(FieldError("工种不能被自己取代", field="replaced_by"))
    if new is not None and new.replaced_on is not None:
        errors.append(
            FieldError(f"替代工种“{new.name}”本身已于 {new.replaced_on} 被取代", field="replaced_by")
        )
    if old is not None and day is not None and old.valid_from is not None and day <= old.valid_from:
        errors.append(FieldError(f"取代日期应晚于该工种列入目录的日期 {old.valid_from}", field="replaced_on"))
    if errors:
        raise RuleViolation(errors)
    assert old is not None and new is not None and day is not None
    if old.replaced_on is not None:
        raise StateConflict(f"“{old.name}”已于 {old.replaced_on} 被“{old.replaced_by}”取代")
    with transaction.atomic():
        entry = (
            OccupationEntry.objects.select_for_update().filter(normalised_name=normalise(old.name)).first()
        )
        if entry is None:
            entry = OccupationEntry(
                name=old.name,
                normalised_name=normalise(old.name),
                category=old.category,
                source=old.source,
                catalogue_name=True,
                added_by=actor,
            )
        elif entry.replaced_on is not None:
            raise StateConflict(f"“{entry.name}”已于 {entry.replaced_on} 被“{entry.replaced_by}”取代")
        entry.replaced_by, entry.replaced_on = new.name, day
        note = str(note or "").strip()
        if note:
            entry.note = f"{entry.note}\n{note}".strip()
        entry.save()
        _bump()
        audit.record(
            actor=actor,
            action="directory.occupation_mark_replaced",
            obj=entry,
            changes={"replaced_by": [None, new.name], "replaced_on": [None, day]},
            summary=f"职业目录：{entry.name} 自 {day} 起由 {new.name} 取代",
        )
    return entry

"""Writes of the teacher rotations (实训教师轮训, 第16条). The bases' places and bookings are training's
(training/services_bases.py), because the public-training-base uplift of claims reads them."""

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.core.errors import FieldError, RuleViolation
from skillup.core.fields import date as _date
from skillup.core.fields import text as _text
from skillup.core.permissions import require
from skillup.programmes.models import TeacherRotation
from skillup.programmes.permissions import (
    HR_ROLES,
    can_cancel_rotation,
    can_confirm_rotation,
    can_record_rotation,
)
from skillup.registry.models import Organisation, OrgKind, Venue


def _org(pk, kind: str, field: str, label: str, errors: list) -> Organisation | None:
    org = Organisation.objects.filter(pk=pk, kind=kind).first() if str(pk or "").isdigit() else None
    if org is None:
        errors.append(FieldError(f"请选择{label}", field=field, label=label))
    return org


@transaction.atomic
def rotation_record(*, actor, data: dict) -> TeacherRotation:
    require(can_record_rotation(actor))
    errors: list[FieldError] = []
    if actor.role in HR_ROLES:
        institution = _org(
            data.get("institution"), OrgKind.INSTITUTION, "institution", "院校（培训机构）", errors
        )
    else:
        institution = actor.organisation
    name = _text(data, "teacher_name", "教师姓名", errors, limit=50)
    subject = _text(data, "subject", "轮训（任教）内容", errors, limit=200)
    direction = str(data.get("direction") or TeacherRotation.Direction.TO_BASE)
    base = enterprise = None
    if direction == TeacherRotation.Direction.TO_BASE:
        raw = str(data.get("base") or "")
        base = Venue.objects.filter(pk=raw, base_from__isnull=False).first() if raw.isdigit() else None
        if base is None:
            errors.append(FieldError("请选择公共实训基地", field="base", label="公共实训基地"))
    elif direction == TeacherRotation.Direction.FROM_ENTERPRISE:
        enterprise = _org(data.get("enterprise"), OrgKind.ENTERPRISE, "enterprise", "来源企业", errors)
    else:
        errors.append(FieldError("请选择方向", field="direction", label="方向"))
    start = _date(data.get("start_date"), "start_date", "开始日期", errors)
    end = _date(data.get("end_date"), "end_date", "结束日期", errors)
    if start and end and end < start:
        errors.append(FieldError("结束日期不能早于开始日期", field="end_date", label="结束日期"))
    hours_raw = str(data.get("hours") or "").strip()
    if not hours_raw.isdigit() or not 1 <= int(hours_raw) <= 2000:
        errors.append(FieldError("学时应为 1–2000 的整数", field="hours", label="学时"))
    if errors:
        raise RuleViolation(errors)
    assert institution is not None and start is not None and end is not None  # noqa: S101 — errors raised above
    rotation = TeacherRotation.objects.create(
        teacher_name=name,
        institution=institution,
        direction=direction,
        base=base,
        enterprise=enterprise,
        subject=subject,
        start_date=start,
        end_date=end,
        hours=int(hours_raw),
        recorded_by=actor,
    )
    where = base.name if base else enterprise.name if enterprise else ""
    audit.record(
        actor=actor,
        action="rotation.record",
        obj=rotation,
        changes={"teacher": [None, name], "start_date": [None, str(start)], "end_date": [None, str(end)]},
        summary=f"{institution.name} {name} {rotation.get_direction_display()}（{where}，{start:%Y-%m-%d}—{end:%Y-%m-%d}）",
    )
    return rotation


def _change(
    actor, rotation: TeacherRotation, verdict_fn, status: str, action: str, text: str
) -> TeacherRotation:
    rotation = (
        TeacherRotation.objects.select_for_update(of=("self",))
        .select_related("institution")
        .get(pk=rotation.pk)
    )
    require(verdict_fn(actor, rotation))
    before = rotation.status
    rotation.status = status
    fields = ["status"]
    if status == TeacherRotation.Status.COMPLETED:
        rotation.confirmed_by, rotation.confirmed_at = actor, timezone.now()
        fields += ["confirmed_by", "confirmed_at"]
    rotation.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=action,
        obj=rotation,
        changes={"status": [before, status]},
        summary=f"{rotation.institution.name} {rotation.teacher_name} 轮训{text}",
    )
    return rotation


@transaction.atomic
def rotation_confirm(*, actor, rotation: TeacherRotation) -> TeacherRotation:
    return _change(
        actor,
        rotation,
        can_confirm_rotation,
        TeacherRotation.Status.COMPLETED,
        "rotation.confirm",
        "确认完成",
    )


@transaction.atomic
def rotation_cancel(*, actor, rotation: TeacherRotation) -> TeacherRotation:
    return _change(
        actor, rotation, can_cancel_rotation, TeacherRotation.Status.CANCELLED, "rotation.cancel", "取消"
    )

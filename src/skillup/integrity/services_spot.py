"""Writes of the spot checks (第二十一条 第三方评估): HR draws a month's sample and assigns it; the
evaluator submits the form of a class assigned to them. docs/integrity.md "Spot checks".

A draw keeps its frame (each class with its stratum and weight at that moment), seed and parameters, so
`draw_replay` gives exactly the same classes from the record alone. A form that finds a problem raises a
`spot_check` finding on the class (source spot_check, raised by the evaluator): it holds the class's
money like any flag and can be taken into a case; someone other than the evaluator clears it.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.integrity.engine import spot
from skillup.integrity.engine import thresholds as T
from skillup.integrity.models import Finding, SpotCheck, SpotDraw
from skillup.integrity.permissions import (
    can_assign_spot_check,
    can_draw_spot_checks,
    can_submit_spot_check,
)
from skillup.integrity.selectors_spot import frame, month_bounds
from skillup.training.models import Enrolment

SIGNAL = "spot_check"


def _auditor(user) -> User:
    if not isinstance(user, User) or user.role != Role.AUDITOR or not user.is_active:
        raise RuleViolation([FieldError("请选择一名在职的第三方评估人员", field="auditor", label="评估人员")])
    return user


def draw_create(
    *, actor, month: dt.date, size: int | None = None, auditor=None, seed: int | None = None
) -> SpotDraw:
    """Draws the month's sample (size blank: 5 % and at least one class per department) and, when an
    evaluator is named, assigns every drawn class to them. One draw per month."""
    require(can_draw_spot_checks(actor))
    if not isinstance(month, dt.date):
        raise RuleViolation([FieldError("请选择抽查月份", field="month", label="抽查月份")])
    month = month.replace(day=1)
    if month > today().replace(day=1):
        raise RuleViolation(
            [FieldError("不能抽取尚未到来的月份，请选择本月或以前的月份", field="month", label="抽查月份")]
        )
    if auditor is not None:
        auditor = _auditor(auditor)
    with transaction.atomic():
        if SpotDraw.objects.filter(month=month).exists():
            raise StateConflict(
                f"{month.year}年{month.month}月已经抽取过，每月只抽取一次，请在该批次中分配或查看"
            )
        rows = frame(month)
        units = [r.unit for r in rows]
        if not units:
            raise RuleViolation(
                [
                    FieldError(
                        f"{month.year}年{month.month}月没有培训中或已结业的班级，无可抽查",
                        field="month",
                        label="抽查月份",
                    )
                ]
            )
        low, high = spot.size_bounds(units)
        default = spot.default_size(units)
        size = default if size is None else size
        if not isinstance(size, int) or not low <= size <= high:
            raise RuleViolation(
                [
                    FieldError(
                        f"请填写 {low} 到 {high} 之间的整数（每个有班级的主管部门至少抽 1 个；本月共 {high} 个班级）",
                        field="size",
                        label="抽取班级数",
                    )
                ]
            )
        seed = secrets.randbits(48) if seed is None else seed
        sample = spot.draw(units, size, seed)
        digest = spot.frame_digest(units)
        try:
            with transaction.atomic():
                draw = SpotDraw.objects.create(
                    month=month,
                    seed=seed,
                    size=size,
                    population=len(units),
                    parameters={
                        **T.spot_parameters(),
                        "default_size": default,
                        "size_bounds": [low, high],
                        "frame_sha256": digest,
                        "departments": sample.departments,
                        "period": [d.isoformat() for d in month_bounds(month)],
                    },
                    frame=[u.row() for u in units],
                    strata=[s.as_dict() for s in sample.strata],
                    drawn_by=actor,
                )
        except IntegrityError:  # a draw of the same month committed meanwhile
            raise StateConflict(f"{month.year}年{month.month}月已经抽取过，每月只抽取一次") from None
        by_code = {r.unit.code: r for r in rows}
        now = timezone.now()
        items = [
            SpotCheck(
                draw=draw,
                klass_id=by_code[code].klass_id,
                department_id=by_code[code].department_id,
                institution_id=by_code[code].institution_id,
                weight=by_code[code].unit.weight,
                rank=i,
                auditor=auditor,
                assigned_at=now if auditor else None,
            )
            for i, code in enumerate(sample.codes, 1)
        ]
        SpotCheck.objects.bulk_create(items)
        audit.record(
            actor=actor,
            action="integrity.spot_draw",
            obj=draw,
            changes={
                "month": [None, month.isoformat()],
                "seed": [None, seed],
                "size": [None, size],
                "population": [None, len(units)],
                "frame_sha256": [None, digest],
                "classes": [None, sample.codes],
                "auditor": [None, auditor.username if auditor else None],
            },
            summary=f"抽取{draw.label}：{len(units)} 个班级中抽取 {size} 个（随机种子 {seed}）",
        )
    return draw


def draw_replay(draw: SpotDraw) -> list[str]:
    """The classes the draw's own record gives again (frame, size, seed), in draw order. Equal to the
    stored items unless the record was altered; the frame's digest is in the audit trail."""
    return spot.draw(spot.frame_of(draw.frame), draw.size, draw.seed).codes


def spot_assign(*, actor, items, auditor) -> int:
    """Assigns (or reassigns) drawn classes to an evaluator; all or nothing."""
    auditor = _auditor(auditor)
    items = list(items)
    if not items:
        raise RuleViolation("请勾选要分配的班级")
    with transaction.atomic():
        locked = list(
            SpotCheck.objects.select_for_update(of=("self",))
            .select_related("klass", "draw", "auditor")
            .filter(pk__in=[i.pk for i in items])
            .order_by("pk")
        )
        for item in locked:
            require(can_assign_spot_check(actor, item))
        now = timezone.now()
        rows: list[tuple[Model, dict, str]] = []
        for item in locked:
            before = item.auditor.username if item.auditor else None
            item.auditor, item.assigned_at = auditor, now
            rows.append(
                (
                    item,
                    {"auditor": [before, auditor.username]},
                    f"{item.draw.label} 班级 {item.klass.code} {'改派' if before else '分配'}给评估人员 {auditor.display_name}",
                )
            )
        SpotCheck.objects.bulk_update(locked, ["auditor", "assigned_at"])
        audit.record_many(actor=actor, action="integrity.spot_assign", items=rows)
    return len(locked)


def _count(value, label: str, field: str, errors: list[FieldError]) -> int | None:
    if value in (None, ""):
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = -1
    if n < 0:
        errors.append(FieldError("请填写 0 或正整数", field=field, label=label))
        return None
    return n


LABELS = {
    "interviewed": "到场核对/受访学员数",
    "attended": "其中确认本人参训",
    "called": "电话回访人数",
    "reached": "其中接通并确认参训",
    "certs_checked": "核对证书数",
    "certs_genuine": "其中与证书库一致",
}
PAIRS = (("interviewed", "attended"), ("called", "reached"), ("certs_checked", "certs_genuine"))


def _detail(item: SpotCheck, f: dict) -> str:
    parts = []
    if f["interviewed"]:
        parts.append(f"到场核对/受访学员 {f['interviewed']} 人，确认本人参训 {f['attended']} 人")
    if f["called"]:
        parts.append(f"电话回访 {f['called']} 人，接通并确认参训 {f['reached']} 人")
    if f["certs_checked"]:
        parts.append(f"核对证书 {f['certs_checked']} 本，与证书库一致 {f['certs_genuine']} 本")
    figures = "；".join(parts)
    return (
        f"第三方评估抽查（{item.draw.label}）班级 {item.klass.code} 发现问题：{figures}。"
        f"检查日期 {f['visited_on']:%Y-%m-%d}，评估人员 {item.auditor.display_name if item.auditor else ''}。"
        f"评估意见：{f['notes']}"
    )


def spot_submit(
    *,
    actor,
    item: SpotCheck,
    visited_on: dt.date | None,
    result: str,
    notes: str = "",
    interviewed=None,
    attended=None,
    called=None,
    reached=None,
    certs_checked=None,
    certs_genuine=None,
) -> SpotCheck:
    """The evaluator's form for one class. Final once submitted; "problem found" raises a finding."""
    with transaction.atomic():
        item = (
            SpotCheck.objects.select_for_update(of=("self",))
            .select_related("klass", "draw", "auditor", "institution", "department")
            .get(pk=item.pk)
        )
        require(can_submit_spot_check(actor, item))
        errors: list[FieldError] = []
        raw = {
            "interviewed": interviewed,
            "attended": attended,
            "called": called,
            "reached": reached,
            "certs_checked": certs_checked,
            "certs_genuine": certs_genuine,
        }
        f: dict = {k: _count(v, LABELS[k], k, errors) for k, v in raw.items()}
        roster = Enrolment.objects.filter(klass=item.klass).count()
        for of, ok in PAIRS:
            if f[of] is None and f[ok] is not None:
                errors.append(FieldError(f"请先填写{LABELS[of]}", field=of, label=LABELS[of]))
            elif f[of] is not None:
                if f[ok] is None:
                    errors.append(FieldError("请填写人数（没有则填 0）", field=ok, label=LABELS[ok]))
                elif f[ok] > f[of]:
                    errors.append(FieldError(f"不能多于{LABELS[of]}（{f[of]}）", field=ok, label=LABELS[ok]))
                if f[of] > roster:
                    errors.append(FieldError(f"不能多于名册人数（{roster} 人）", field=of, label=LABELS[of]))
        if not errors and not any(f[of] for of, _ in PAIRS):
            errors.append(
                FieldError(
                    "请至少完成一项核对：到场核对/访谈、电话回访或证书核对",
                    field="interviewed",
                    label="核对内容",
                )
            )
        if not isinstance(visited_on, dt.date):
            errors.append(FieldError("请填写检查日期", field="visited_on", label="检查日期"))
        elif visited_on > today():
            errors.append(FieldError("检查日期不能晚于今天", field="visited_on", label="检查日期"))
        elif visited_on < item.klass.start_date:
            errors.append(
                FieldError(
                    f"检查日期不能早于开班日期 {item.klass.start_date:%Y-%m-%d}",
                    field="visited_on",
                    label="检查日期",
                )
            )
        notes = (notes or "").strip()
        if result not in SpotCheck.Result.values:
            errors.append(FieldError("请选择结论：未发现问题或发现问题", field="result", label="结论"))
        if errors or visited_on is None:
            raise RuleViolation(errors)
        shares = spot.shortfalls(*(f[k] for k in LABELS))
        if result == SpotCheck.Result.PROBLEM and len(notes) < 4:
            raise RuleViolation(
                [FieldError("请写明发现的问题（至少 4 个字）", field="notes", label="评估意见")]
            )
        if result == SpotCheck.Result.OK and any(shares.values()) and len(notes) < 10:
            raise RuleViolation(
                [
                    FieldError(
                        "核对数字有不符（如有人未确认参训或证书不一致），结论为未发现问题时请在评估意见中说明原因（至少 10 个字）",
                        field="notes",
                        label="评估意见",
                    )
                ]
            )
        f["visited_on"], f["notes"] = visited_on, notes
        for k in LABELS:
            setattr(item, k, f[k])
        item.visited_on, item.notes, item.result = visited_on, notes, result
        item.status = SpotCheck.Status.DONE
        item.submitted_by, item.submitted_at = actor, timezone.now()
        finding = None
        if result == SpotCheck.Result.PROBLEM:
            klass = item.klass
            score = spot.problem_score(shares)
            finding = Finding.objects.create(
                key=f"class:{klass.code}:{SIGNAL}:{item.pk}",
                signal=SIGNAL,
                source=Finding.Source.SPOT_CHECK,
                subject_type=Finding.Subject.CLASS,
                subject_ref=klass.code,
                klass=klass,
                institution_id=klass.institution_id,
                department_id=klass.department_id,
                score=score,
                detail=_detail(item, f),
                evidence=[
                    {
                        "type": "spot_check",
                        "draw": item.draw.month.strftime("%Y-%m"),
                        "item": item.pk,
                        "class": klass.code,
                        "visited_on": visited_on.isoformat(),
                        **{k: f[k] for k in LABELS},
                        "shortfalls": {k: f"{float(v):.2f}" for k, v in shares.items()},
                    }
                ],
                raised_by=actor,
                last_seen_at=timezone.now(),
            )
            item.finding = finding
        item.save()
        audit.record(
            actor=actor,
            action="integrity.spot_submit",
            obj=item,
            changes={
                "result": [None, result],
                **{k: [None, f[k]] for k in LABELS if f[k] is not None},
                "finding": [None, finding.pk if finding else None],
            },
            summary=f"提交{item.draw.label}班级 {item.klass.code} 的抽查记录：{item.get_result_display()}"
            + (f"，生成诚信线索 #{finding.pk}（风险分 {finding.score}）" if finding else ""),
        )
    return item

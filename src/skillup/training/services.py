"""Writes of a class's life: submit, approve/reject, start, finish, sessions.

Status rules (API.md): submitted → approved | rejected → running → finished. Approval is the competent
department's (its officers; HR's when HR is the competent department). Running and finished are set by the
institution (start from the first day, finish from the last day, by the business date) or, for classes
nobody moved, by the daily task `classes_advance` (tasks.py) on the same dates.
"""

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from skillup.accounts import audit
from skillup.core import registry
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.numbering import next_number
from skillup.core.permissions import require
from skillup.directory.catalogue import current as current_catalogue
from skillup.directory.catalogue import occupation_problem
from skillup.policy import catalogue
from skillup.registry.groups import parse_groups
from skillup.registry.models import Enterprise, Organisation, OrgKind, Venue
from skillup.registry.services_filing import filed_item
from skillup.training.departments import Competent, competent_department, department_of, employer_kind_of
from skillup.training.models import Session, TrainingClass
from skillup.training.permissions import can_submit_class, is_decider, is_owner

S = TrainingClass.Status
MAX_CAPACITY = 500
CLASS_FIELDS = [
    "scheme",
    "occupation",
    "level",
    "hours",
    "start_date",
    "end_date",
    "venue",
    "capacity",
    "teachers",
    "assessment_plan",
]


def scheme_info(code: str) -> dict | None:
    return next((s for s in catalogue.schemes() if s["code"] == code), None)


def _clean_class(*, institution_id: int, data: dict) -> tuple[dict, list[FieldError]]:
    errors: list[FieldError] = []
    scheme = (data.get("scheme") or "").strip()
    occupation = (data.get("occupation") or "").strip()
    level = (data.get("level") or "").strip()
    info = scheme_info(scheme)
    if info is None:
        errors.append(FieldError(f"未知的补贴项目“{scheme}”", field="scheme"))
    else:
        if info["needs_occupation"] and not occupation:
            errors.append(FieldError("请填写工种（职业、项目）", field="occupation"))
        elif isinstance(data.get("start_date"), dt.date):
            problem = occupation_problem(scheme, occupation, data["start_date"])
            if problem:
                errors.append(FieldError(problem, field="occupation"))
        if info["levels"] and level not in info["levels"]:
            errors.append(FieldError(f"等级应为：{'、'.join(info['levels'])}", field="level"))
        if not info["levels"]:
            level = ""
    hours, capacity = data.get("hours"), data.get("capacity")
    if not isinstance(hours, int) or hours <= 0 or hours > 2000:
        errors.append(FieldError("课时应为 1–2000 的整数", field="hours"))
    if not isinstance(capacity, int) or capacity <= 0 or capacity > MAX_CAPACITY:
        errors.append(FieldError(f"计划人数应为 1–{MAX_CAPACITY} 的整数", field="capacity"))
    start, end = data.get("start_date"), data.get("end_date")
    if not isinstance(start, dt.date):
        errors.append(FieldError("请填写开班日期", field="start_date"))
    elif start < today():
        errors.append(FieldError(f"开班日期不能早于今天（{today():%Y-%m-%d}）", field="start_date"))
    if not isinstance(end, dt.date):
        errors.append(FieldError("请填写结业日期", field="end_date"))
    elif isinstance(start, dt.date) and end < start:
        errors.append(FieldError("结业日期不能早于开班日期", field="end_date"))
    venue = (data.get("venue") or "").strip()
    place = None
    if data.get("venue_id") not in (None, ""):
        place = _venue(data.get("venue_id"))
        if place is None:
            errors.append(FieldError("未找到该登记培训场地（见“培训场地”编号）", field="venue_id"))
        elif not venue:
            venue = f"{place.name}（{place.address}）"
    if not venue:
        errors.append(FieldError("请填写培训地点", field="venue"))
    if info and isinstance(start, dt.date) and isinstance(hours, int):
        try:
            required = current_catalogue().required_hours(scheme, occupation, level, on=start)
        except KeyError:
            required = None
        if required and hours < required:
            errors.append(FieldError(f"该项目等级要求不少于 {required} 课时（附件2）", field="hours"))
    if info and not errors and start and end:
        for day, label in ((start, "开班"), (end, "结业")):
            if filed_item(institution_id, scheme=scheme, occupation=occupation, level=level, on=day) is None:
                what = f"{info['name_zh']} {occupation} {level}".strip()
                errors.append(
                    FieldError(
                        f"本机构在{label}日期（{day:%Y-%m-%d}）没有有效的“{what}”备案，请先向人社局申请备案",
                        field="occupation",
                    )
                )
                break
    target_group, employer = _clean_audience(data, errors)
    cleaned = {
        "target_group": target_group,
        "employer": employer,
        "scheme": scheme,
        "occupation": occupation,
        "level": level,
        "hours": hours,
        "start_date": start,
        "end_date": end,
        "venue": venue[:200],
        "venue_place": place,
        "capacity": capacity,
        "teachers": (data.get("teachers") or "").strip()[:300],
        "assessment_plan": (data.get("assessment_plan") or "").strip(),
    }
    return cleaned, errors


def _clean_audience(data: dict, errors: list[FieldError]) -> tuple[str, Organisation | None]:
    """培训对象 (one target group, code or Chinese name) and, for in-house training, the enterprise whose
    staff it trains (an Organisation, or its code / 统一社会信用代码 from the API). Both optional."""
    target_group = (data.get("target_group") or "").strip()
    if target_group:
        try:
            codes = parse_groups(target_group)
        except ValueError as exc:
            errors.append(FieldError(str(exc).replace("人员类别", "培训对象"), field="target_group"))
            codes = []
        if len(codes) > 1:
            errors.append(FieldError("培训对象只能选择一个人员类别", field="target_group"))
        target_group = codes[0] if len(codes) == 1 else ""
    employer = data.get("employer") or None
    if employer is not None and not isinstance(employer, Organisation):
        key = str(employer).strip()
        employer = (
            Organisation.objects.filter(kind=OrgKind.ENTERPRISE).filter(Q(code=key) | Q(uscc=key)).first()
        )
        if employer is None:
            errors.append(
                FieldError(f"未找到企业“{key[:40]}”（请填写企业的统一社会信用代码）", field="employer")
            )
    elif employer is not None and employer.kind != OrgKind.ENTERPRISE:
        errors.append(FieldError("企业职工培训的单位必须是已登记的企业", field="employer"))
        employer = None
    return target_group, employer


def class_competent(*, scheme: str, occupation: str, target_group: str, employer) -> Competent:
    """The competent department of a class (附件1): its scheme, occupation, audience and employer."""
    enterprise = (
        Enterprise.objects.filter(organisation_id=employer.pk).first() if employer is not None else None
    )
    return competent_department(
        scheme=scheme,
        occupation=occupation,
        groups=[target_group] if target_group else [],
        employer_kind=employer_kind_of(enterprise),
    )


def _venue(value) -> Venue | None:
    """A registered venue by its number (培训场地编号)."""
    try:
        return Venue.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def _next_code(year: int) -> str:
    # One series for every year, as the codes always were (SY<year>-<n>, n numbered across years); codes
    # made before the counter existed were numbered by class id.
    n = next_number("training_class", floor=lambda: TrainingClass.objects.aggregate(m=Max("id"))["m"] or 0)
    return f"SY{year}-{n:06d}"


def class_submit(*, actor, **data) -> TrainingClass:
    """An institution submits a class plan (开班申请); the competent department is derived (附件1)."""
    require(can_submit_class(actor))
    cleaned, errors = _clean_class(institution_id=actor.organisation_id, data=data)
    if errors:
        raise RuleViolation(errors)
    competent = class_competent(
        scheme=cleaned["scheme"],
        occupation=cleaned["occupation"],
        target_group=cleaned["target_group"],
        employer=cleaned["employer"],
    )
    department = department_of(competent)
    with transaction.atomic():
        klass = TrainingClass.objects.create(
            code=_next_code(cleaned["start_date"].year),
            institution_id=actor.organisation_id,
            department=department,
            department_cite=competent.cite[:200],
            submitted_by=actor,
            status=S.SUBMITTED,
            **cleaned,
        )
        audit.record(
            actor=actor,
            action="class.submit",
            obj=klass,
            changes={
                k: [None, None if v is None else str(v.pk if k == "venue_place" else v)]
                for k, v in cleaned.items()
                if k != "assessment_plan"
            },
            summary=f"提交开班申请 {klass.code}，主管部门 {department.label}（{competent.cite}）",
        )
    return klass


def _transition(
    *, actor, klass: TrainingClass, allowed: tuple, to: str, action: str, summary: str = "", **fields
) -> TrainingClass:
    with transaction.atomic():
        klass = TrainingClass.objects.select_for_update().get(pk=klass.pk)
        if klass.status not in allowed:
            wanted = "、".join(S(a).label for a in allowed)
            raise StateConflict(
                f"班级当前为“{klass.get_status_display()}”，只有“{wanted}”的班级可以进行此操作"
            )
        before = klass.status
        klass.status = to
        for key, value in fields.items():
            setattr(klass, key, value)
        klass.save(update_fields=["status", *fields])
        audit.record(
            actor=actor,
            action=action,
            obj=klass,
            changes={"status": [before, to]},
            summary=summary or f"{klass.code} {S(before).label} → {S(to).label}",
        )
        registry.announce(action, klass=klass)
    return klass


def class_approve(*, actor, klass: TrainingClass) -> TrainingClass:
    require(is_decider(actor, klass))
    return _transition(
        actor=actor,
        klass=klass,
        allowed=(S.SUBMITTED,),
        to=S.APPROVED,
        action="class.approve",
        decided_by=actor,
        decided_at=timezone.now(),
        reject_reason="",
    )


def class_reject(*, actor, klass: TrainingClass, reason: str) -> TrainingClass:
    require(is_decider(actor, klass))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写驳回原因，机构将据此修改", field="reason")
    return _transition(
        actor=actor,
        klass=klass,
        allowed=(S.SUBMITTED,),
        to=S.REJECTED,
        action="class.reject",
        summary=f"{klass.code} 驳回：{reason[:200]}",
        decided_by=actor,
        decided_at=timezone.now(),
        reject_reason=reason[:300],
    )


def class_approve_many(*, actor, classes: list[TrainingClass]) -> int:
    """Bulk approval from the queue: all or nothing."""
    with transaction.atomic():
        for klass in classes:
            class_approve(actor=actor, klass=klass)
    return len(classes)


def _own(actor, klass: TrainingClass) -> None:
    if actor is not None:  # None: the daily task
        require(is_owner(actor, klass))


def class_start(*, actor, klass: TrainingClass) -> TrainingClass:
    _own(actor, klass)
    if klass.start_date > today():
        raise StateConflict(f"开班日期为 {klass.start_date:%Y-%m-%d}，届时才能开班")
    return _transition(actor=actor, klass=klass, allowed=(S.APPROVED,), to=S.RUNNING, action="class.start")


def class_finish(*, actor, klass: TrainingClass) -> TrainingClass:
    _own(actor, klass)
    if klass.end_date > today():
        raise StateConflict(f"结业日期为 {klass.end_date:%Y-%m-%d}，届时才能结业")
    return _transition(actor=actor, klass=klass, allowed=(S.RUNNING,), to=S.FINISHED, action="class.finish")


def session_create(
    *,
    actor,
    klass: TrainingClass,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    hours,
    venue_id=None,
    practical: bool = False,
) -> Session:
    """A teaching session (课次); its secret keys the rotating QR code. It takes place at a registered
    venue (default: the class's registered venue) and says whether it is practical (实操, 附件2 注1)."""
    from decimal import Decimal, InvalidOperation

    _own(actor, klass)
    if klass.status not in (S.APPROVED, S.RUNNING):
        raise StateConflict("只有已批准或培训中的班级可以安排课次")
    errors = []
    if not (klass.start_date <= date <= klass.end_date):
        errors.append(
            FieldError(
                f"日期应在 {klass.start_date:%Y-%m-%d} 至 {klass.end_date:%Y-%m-%d} 之间", field="date"
            )
        )
    if ends_at <= starts_at:
        errors.append(FieldError("结束时间应晚于开始时间", field="ends_at"))
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.1"))
    except InvalidOperation:
        hours = Decimal("0")
    if not hours.is_finite() or not (Decimal("0") < hours <= Decimal("12")):  # "NaN" survives quantize
        errors.append(FieldError("课时应大于 0 且不超过 12", field="hours"))
    venue = klass.venue_place
    if venue_id not in (None, ""):
        venue = _venue(venue_id)
        if venue is None:
            errors.append(FieldError("未找到该登记培训场地（见“培训场地”编号）", field="venue_id"))
    if errors:
        raise RuleViolation(errors)
    if Session.objects.filter(klass=klass, date=date, starts_at=starts_at).exists():
        raise StateConflict("该时间已有课次")
    with transaction.atomic():
        session = Session.objects.create(
            klass=klass,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            hours=hours,
            venue=venue,
            practical=bool(practical),
            secret=secrets.token_hex(32),
        )
        where = f"，{venue.name}" if venue else ""
        audit.record(
            actor=actor,
            action="session.create",
            obj=session,
            summary=f"{klass.code} 安排{'实操' if practical else ''}课次 {date:%Y-%m-%d} {starts_at:%H:%M}{where}",
        )
    return session


def classes_advance(*, on: dt.date | None = None) -> dict:
    """The daily step by the business date: approved classes whose first day has come start; running
    classes whose last day has passed finish. Each move is audited (actor: system)."""
    on = on or today()
    moved = {"started": 0, "finished": 0}
    for klass in TrainingClass.objects.filter(status=S.APPROVED, start_date__lte=on):
        _transition(actor=None, klass=klass, allowed=(S.APPROVED,), to=S.RUNNING, action="class.start")
        moved["started"] += 1
    for klass in TrainingClass.objects.filter(status=S.RUNNING, end_date__lt=on):
        _transition(actor=None, klass=klass, allowed=(S.RUNNING,), to=S.FINISHED, action="class.finish")
        moved["finished"] += 1
    return moved

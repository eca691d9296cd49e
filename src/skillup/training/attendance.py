"""Attendance the institution cannot invent (第14条 supervision during training).

- `qr`: the class shows a QR code that changes every minute (HMAC of the session secret and the minute);
  the trainee scans it, signs in on their own login, once per session. Only the trainee can produce it.
- `face`: posted by the institution's face-recognition device through the API; the device id is kept.
- `manual`: typed in by the institution; kept with low_trust=True so later checks weigh it less.
Every event keeps its source IP and user agent.
"""

import datetime as dt
import hashlib
import hmac
import io
import time
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.binding import binding_verified
from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import FieldError, NotAllowed, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.registry import crypto
from skillup.registry.validators import validate_id_number
from skillup.training.batch import bulk_save
from skillup.training.models import Attendance, Enrolment, Session, TrainingClass
from skillup.training.permissions import can_check_in, is_owner

M = Attendance.Method
MAX_DAY_HOURS = Decimal("12")


# -- the rotating QR code --------------------------------------------------------------------------


def current_minute() -> int:
    return int(time.time() // 60)


def qr_token(session: Session, minute: int | None = None) -> str:
    minute = current_minute() if minute is None else minute
    message = f"{session.pk}:{minute}".encode()
    return hmac.new(session.secret.encode(), message, hashlib.sha256).hexdigest()[:16]


def qr_token_valid(session: Session, token: str) -> bool:
    """The token of this minute or of the previous one (a scan just after the change still counts)."""
    minute = current_minute()
    return any(hmac.compare_digest(qr_token(session, m), token or "") for m in (minute, minute - 1))


def qr_svg(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


def _digits(phone: str) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


def staff_link(actor, klass: TrainingClass) -> str:
    """Why this trainee login belongs to the class's institution, or "" (issue 10 item 1).

    What the registry really records about an institution's people: its contact phone
    (`Organisation.contact_phone`, given at filing) and its staff logins (user name, and the phone of the
    staff member's own person record when the login is linked to one). The phones that prove a trainee
    login are the phone on record (where the binding code went), the phone the code was sent to, and the
    login name (the phone typed at signup). One shared number means the institution holds the channel
    that proves the trainee, so its QR scan would be attendance the institution can invent. (Employment
    rows are with enterprises only, so they say nothing about an institution's staff.)"""
    from skillup.accounts.models import User
    from skillup.training.models import BindingRequest

    own = {_digits(actor.person.phone), _digits(actor.username)}
    own |= {
        _digits(p)
        for p in BindingRequest.objects.filter(user=actor, status=BindingRequest.Status.VERIFIED).values_list(
            "code_phone", flat=True
        )
    }
    own.discard("")
    if not own:
        return ""
    if _digits(klass.institution.contact_phone) in own:
        return "手机号为培训机构的联系电话"
    staff = User.objects.filter(role=Role.INSTITUTION, organisation_id=klass.institution_id)
    for username, phone in staff.values_list("username", "person__phone"):
        if {_digits(username), _digits(phone or "")} & own:
            return "手机号与培训机构工作人员的账号相同"
    return ""


def _refuse(actor, session: Session, message: str) -> NotAllowed:
    """The refusal is audited in a transaction of its own (nothing else is written)."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="attendance.qr_refused",
            obj=session,
            summary=f"{session.klass.code} 扫码签到被拒绝：{message}"[:300],
        )
    return NotAllowed(message)


def _trusted_enrolment(actor, klass: TrainingClass, session: Session) -> Enrolment:
    """Attendance the institution cannot invent: the trainee's own proven login, not the institution's,
    on the class's roster. A refusal is audited (against `session`)."""
    if not binding_verified(actor):
        raise _refuse(actor, session, "您的账号尚未完成本人核验，不能扫码签到。请在“我的培训”页完成核验。")
    link = staff_link(actor, klass)
    if link:
        raise _refuse(
            actor,
            session,
            f"该账号与本班培训机构关联（{link}），不能扫码签到。如有疑问，请携带身份证到人社局窗口核验。",
        )
    enrolment = Enrolment.objects.filter(klass=klass, person_id=actor.person_id).first()
    if enrolment is None:
        raise RuleViolation("您不在本班名册中，请联系培训机构", field="id_number")
    return enrolment


def checked_in(actor, session: Session) -> bool:
    """Whether this trainee has already checked in to the session (the page then shows the success)."""
    if actor.person_id is None:
        return False
    return Attendance.objects.filter(session=session, enrolment__person_id=actor.person_id).exists()


def qr_checkin(
    *,
    actor,
    session: Session,
    token: str,
    source_ip: str | None = None,
    user_agent: str = "",
    device: str = "",
) -> Attendance:
    require(can_check_in(actor))
    klass = session.klass
    if klass.status != TrainingClass.Status.RUNNING:
        raise StateConflict(f"班级当前为“{klass.get_status_display()}”，不能签到")
    if session.date != today():
        raise StateConflict(f"该课次在 {session.date:%Y-%m-%d}，不是今天，不能签到")
    if not qr_token_valid(session, token):
        raise RuleViolation("二维码已过期，请重新扫描教室屏幕上的二维码", field="token")
    enrolment = _trusted_enrolment(actor, klass, session)
    try:
        with transaction.atomic():
            if Attendance.objects.filter(enrolment=enrolment, session=session).exists():
                raise StateConflict("您已签到，本课次无需重复签到")
            event = _record_qr(actor, enrolment, session, source_ip, user_agent, device)
    except IntegrityError:
        raise StateConflict("您已签到，本课次无需重复签到") from None
    return event


def _record_qr(
    actor, enrolment, session: Session, source_ip: str | None, user_agent: str, device: str = ""
) -> Attendance:
    """One QR check-in and its audit row, inside the caller's transaction. `device` is the scanning
    phone's fingerprint (core.middleware.DeviceIdMiddleware): one phone checking in many trainees of a
    class is integrity's cloned check-in signal."""
    event = Attendance.objects.create(
        enrolment=enrolment,
        session=session,
        date=session.date,
        hours=session.hours,
        method=M.QR,
        low_trust=False,
        device=(device or "")[:100],
        checked_in_at=timezone.now(),
        source_ip=source_ip,
        user_agent=(user_agent or "")[:300],
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action="attendance.qr",
        obj=event,
        summary=f"{session.klass.code} 扫码签到 {session.date:%Y-%m-%d} {session.hours} 课时",
    )
    return event


def qr_checkin_many(
    *,
    actor,
    klass: TrainingClass,
    records: list[dict],
    source_ip: str | None = None,
    user_agent: str = "",
    device: str = "",
) -> dict:
    """The trainee's check-ins posted through the API (`records`: [{session, token}]): every one is kept
    or none — a bad row is a 400 naming its row, a session already signed a 409 naming its rows."""
    require(can_check_in(actor))
    if not records:
        raise RuleViolation("没有签到记录", field="records")
    if klass.status != TrainingClass.Status.RUNNING:
        raise StateConflict(f"班级当前为“{klass.get_status_display()}”，不能签到")
    wanted_ids = [r.get("session") for r in records]
    sessions = {
        s.pk: s
        for s in Session.objects.filter(klass=klass, pk__in=[i for i in wanted_ids if i]).select_related(
            "klass"
        )
    }
    errors: list[FieldError] = []
    wanted: list[tuple[int, Session]] = []
    seen: dict[int, int] = {}
    on = today()
    for row, rec in enumerate(records, start=1):
        session = sessions.get(rec.get("session"))
        if session is None:
            errors.append(FieldError("本班没有该课次", field="session", row=row, label="课次"))
        elif session.pk in seen:
            errors.append(
                FieldError(f"与第{seen[session.pk]}行是同一课次", field="session", row=row, label="课次")
            )
        elif session.date != on:
            seen[session.pk] = row
            errors.append(
                FieldError(
                    f"该课次在 {session.date:%Y-%m-%d}，不是今天，不能签到",
                    field="session",
                    row=row,
                    label="课次",
                )
            )
        elif not qr_token_valid(session, str(rec.get("token") or "")):
            seen[session.pk] = row
            errors.append(
                FieldError(
                    "二维码已过期，请重新扫描教室屏幕上的二维码", field="token", row=row, label="二维码"
                )
            )
        else:
            seen[session.pk] = row
            wanted.append((row, session))
    if errors:
        raise RuleViolation(errors)
    enrolment = _trusted_enrolment(actor, klass, wanted[0][1])
    try:
        with transaction.atomic():
            done = set(
                Attendance.objects.filter(
                    enrolment=enrolment, session__in=[s for _, s in wanted]
                ).values_list("session_id", flat=True)
            )
            repeated = [str(row) for row, s in wanted if s.pk in done]
            if repeated:
                raise StateConflict(
                    f"第{'、'.join(repeated)}行：您已签到，本课次无需重复签到（本次未记录任何签到）"
                )
            for _row, session in wanted:
                _record_qr(actor, enrolment, session, source_ip, user_agent, device)
    except IntegrityError:
        raise StateConflict("您已签到，本课次无需重复签到（本次未记录任何签到）") from None
    return {"added": len(wanted)}


# -- events posted by the institution (API or page) -------------------------------------------------


LABELS = {
    "id_number": "身份证号",
    "date": "日期",
    "hours": "课时",
    "method": "签到方式",
    "device": "设备编号",
    "at": "签到时间",
}


def _checked_in_at(value, day, row: int, errors: list[FieldError]) -> dt.datetime | None:
    """The terminal's own moment of a check-in (optional `at`, ISO time, Asia/Shanghai when naive); it
    must fall on the record's date."""
    if value in (None, ""):
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        errors.append(FieldError("签到时间格式应为 YYYY-MM-DDTHH:MM:SS", field="at", row=row))
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if isinstance(day, dt.date) and timezone.localtime(moment).date() != day:
        errors.append(FieldError(f"签到时间应在考勤日期 {day:%Y-%m-%d} 当天", field="at", row=row))
        return None
    return moment


def attendance_record(
    *,
    actor,
    klass: TrainingClass,
    records: list[dict],
    source_ip: str | None = None,
    user_agent: str = "",
    numbered: bool = True,
) -> dict:
    """`records`: [{id_number, date, hours, method, device, at?}] — all stored or none (row errors; without
    row numbers when `numbered` is False: one record typed on the class page)."""
    require(is_owner(actor, klass))
    if not records:
        raise RuleViolation("没有考勤记录", field="records")
    on = today()
    last = min(klass.end_date, on)
    errors: list[FieldError] = []
    parsed = []
    for row, rec in enumerate(records, start=1):
        row_errors = []
        number = ""
        try:
            number = validate_id_number(str(rec.get("id_number") or ""))
        except ValueError as exc:
            row_errors.append(FieldError(str(exc), field="id_number", row=row))
        day = rec.get("date")
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day)
            except ValueError:
                day = None
        if not isinstance(day, dt.date):
            row_errors.append(FieldError("日期格式应为 YYYY-MM-DD", field="date", row=row))
        elif not (klass.start_date <= day <= last):
            row_errors.append(
                FieldError(
                    f"日期应在开班日期 {klass.start_date:%Y-%m-%d} 与 {last:%Y-%m-%d} 之间",
                    field="date",
                    row=row,
                )
            )
        try:
            hours = Decimal(str(rec.get("hours"))).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            hours = Decimal("-1")
        # "NaN" survives quantize and then breaks every comparison: finite first (issue 10 item 5).
        if not hours.is_finite() or not (Decimal("0") < hours <= MAX_DAY_HOURS):
            row_errors.append(FieldError("课时应大于 0 且不超过 12", field="hours", row=row))
        method = rec.get("method") or ""
        device = str(rec.get("device") or "").strip()[:100]
        if method == M.QR:
            row_errors.append(
                FieldError("扫码签到只能由学员本人扫码完成，机构请用 face 或 manual", field="method", row=row)
            )
        elif method not in (M.FACE, M.MANUAL):
            row_errors.append(FieldError("签到方式应为 face、qr 或 manual", field="method", row=row))
        elif method == M.FACE and not device:
            row_errors.append(FieldError("人脸识别考勤须注明设备编号（device）", field="device", row=row))
        at = _checked_in_at(rec.get("at"), day, row, row_errors)
        errors.extend(row_errors)
        if not row_errors:
            parsed.append((row, crypto.lookup_hash(number), day, hours, method, device, at))

    with transaction.atomic():
        klass = TrainingClass.objects.select_for_update().get(pk=klass.pk)
        if klass.status != TrainingClass.Status.RUNNING:
            raise StateConflict(f"班级当前为“{klass.get_status_display()}”，只有培训中的班级可以录入考勤")
        enrolments = dict(
            Enrolment.objects.filter(klass=klass, person__id_hash__in=[p[1] for p in parsed]).values_list(
                "person__id_hash", "id"
            )
        )
        day_hours: dict[tuple[int, dt.date], Decimal] = {
            (r["enrolment_id"], r["date"]): r["total"]
            for r in Attendance.objects.filter(enrolment__klass=klass)
            .values("enrolment_id", "date")
            .annotate(total=Sum("hours"))
        }
        sessions: dict[dt.date, list[int]] = {}
        for pk, day in Session.objects.filter(klass=klass).values_list("id", "date"):
            sessions.setdefault(day, []).append(pk)
        events = []
        for row, h, day, hours, method, device, at in parsed:
            enrolment_id = enrolments.get(h)
            if enrolment_id is None:
                errors.append(FieldError("该学员不在本班名册中", field="id_number", row=row))
                continue
            total = day_hours.get((enrolment_id, day), Decimal("0")) + hours
            if total > MAX_DAY_HOURS:
                errors.append(
                    FieldError(
                        f"该学员 {day:%Y-%m-%d} 的考勤合计 {total} 课时，超过每天 12 课时",
                        field="hours",
                        row=row,
                    )
                )
                continue
            day_hours[(enrolment_id, day)] = total
            same_day = sessions.get(day, [])
            events.append(
                Attendance(
                    enrolment_id=enrolment_id,
                    session_id=same_day[0] if len(same_day) == 1 else None,
                    date=day,
                    hours=hours,
                    method=method,
                    low_trust=method == M.MANUAL,
                    device=device,
                    checked_in_at=at,
                    source_ip=source_ip,
                    user_agent=(user_agent or "")[:300],
                    recorded_by=actor,
                )
            )
        bulk_save(
            Attendance,
            events,
            errors,
            conflict="部分学员在该课次已有考勤记录，请勿重复提交",
            labels=LABELS,
            numbered=numbered,
        )
        manual = sum(1 for e in events if e.low_trust)
        audit.record(
            actor=actor,
            action="attendance.record",
            obj=klass,
            changes={"added": [0, len(events)], "manual": [0, manual]},
            summary=f"{klass.code} 录入考勤 {len(events)} 条（人工补录 {manual} 条）",
        )
    return {"added": len(events), "manual": manual}

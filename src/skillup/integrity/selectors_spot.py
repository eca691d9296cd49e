"""Reads of the spot checks (第二十一条), scoped to the acting user.

HR sees every draw and every drawn class. A third-party evaluator (auditor role) sees only the classes
assigned to them, and through these pages only what the check needs about each: the roster with masked
identity numbers and the phones to call, the sessions, an attendance summary and the results with their
certificate numbers checked against the register. Everyone else sees nothing (404).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.certificates.models import Certificate
from skillup.certificates.normalise import certificate_number
from skillup.integrity.engine.spot import Unit, weight_of
from skillup.integrity.models import Finding, SpotCheck, SpotDraw
from skillup.training.models import Attendance, Enrolment, Session, TrainingClass

HR = frozenset({Role.HR, Role.HR_ADMIN})
RISK_STATUSES = (Finding.Status.OPEN, Finding.Status.CONFIRMED)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def month_classes(month: dt.date) -> QuerySet[TrainingClass]:
    """The classes running or finished in the month: started, and their dates overlap it."""
    first, last = month_bounds(month)
    return TrainingClass.objects.filter(
        status__in=[TrainingClass.Status.RUNNING, TrainingClass.Status.FINISHED],
        start_date__lte=last,
        end_date__gte=first,
    )


@dataclass(frozen=True)
class FrameRow:
    unit: Unit
    klass_id: int
    department_id: int
    institution_id: int


def frame(month: dt.date) -> list[FrameRow]:
    """The month's classes with their stratum (department, institution codes) and risk weight now:
    the open (or confirmed) findings' scores of the class, and of its institution's other classes."""
    rows = list(
        month_classes(month)
        .order_by("code")
        .values_list("pk", "code", "department_id", "department__code", "institution_id", "institution__code")
    )
    if not rows:
        return []
    class_ids = [r[0] for r in rows]
    inst_ids = {r[4] for r in rows}
    risky = Finding.objects.filter(status__in=RISK_STATUSES)
    own = dict(
        risky.filter(klass_id__in=class_ids)
        .values("klass_id")
        .annotate(total=Sum("score"))
        .values_list("klass_id", "total")
    )
    # Of the class's own findings, those that also count for its institution (the same institution).
    own_in_inst = {
        (k, i): t
        for k, i, t in risky.filter(klass_id__in=class_ids, institution_id__in=inst_ids)
        .values("klass_id", "institution_id")
        .annotate(total=Sum("score"))
        .values_list("klass_id", "institution_id", "total")
    }
    inst = dict(
        risky.filter(institution_id__in=inst_ids)
        .values("institution_id")
        .annotate(total=Sum("score"))
        .values_list("institution_id", "total")
    )
    out = []
    for pk, code, dept_id, dept_code, inst_id, inst_code in rows:
        class_risk = own.get(pk) or Decimal("0")
        inst_risk = (inst.get(inst_id) or Decimal("0")) - (own_in_inst.get((pk, inst_id)) or Decimal("0"))
        out.append(
            FrameRow(
                Unit(code, dept_code, inst_code, weight_of(class_risk, max(inst_risk, Decimal("0")))),
                pk,
                dept_id,
                inst_id,
            )
        )
    return out


def month_populations(months: list[dt.date]) -> list[dict]:
    """For the new-draw page: each month's number of classes and whether it was drawn already."""
    drawn = set(SpotDraw.objects.filter(month__in=months).values_list("month", flat=True))
    out = []
    for m in months:
        out.append({"month": m, "classes": month_classes(m).count(), "drawn": m in drawn})
    return out


def draws_visible_to(user) -> QuerySet[SpotDraw]:
    if getattr(user, "role", None) not in HR:
        return SpotDraw.objects.none()
    return SpotDraw.objects.select_related("drawn_by").annotate(
        items_total=Count("items"),
        items_done=Count("items", filter=Q(items__status=SpotCheck.Status.DONE)),
        items_problem=Count("items", filter=Q(items__result=SpotCheck.Result.PROBLEM)),
        items_unassigned=Count("items", filter=Q(items__auditor__isnull=True)),
    )


def spot_checks_visible_to(user) -> QuerySet[SpotCheck]:
    """HR: every drawn class; an evaluator: the classes assigned to them; anyone else: none."""
    qs = SpotCheck.objects.select_related(
        "draw", "klass", "department", "institution", "auditor", "finding", "submitted_by"
    )
    role = getattr(user, "role", None)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if role in HR:
        return qs
    if role == Role.AUDITOR:
        return qs.filter(auditor_id=user.pk)
    return qs.none()


def spot_checks_filtered(user, params) -> QuerySet[SpotCheck]:
    """The page's and the export's rows: one draw's items (`draw`), or the evaluator's (`status`)."""
    qs = spot_checks_visible_to(user)
    draw = str(params.get("draw", "") or "")
    if draw.isdigit():
        qs = qs.filter(draw_id=int(draw))
    status = params.get("status", "")
    if status in SpotCheck.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("draw__month", "rank")


def my_spot_checks(user) -> QuerySet[SpotCheck]:
    return spot_checks_visible_to(user).filter(auditor_id=user.pk).order_by("status", "-draw__month", "rank")


def auditors() -> QuerySet[User]:
    """The third-party evaluators a class can be assigned to."""
    return User.objects.filter(role=Role.AUDITOR, is_active=True).order_by("username")


@dataclass
class RosterLine:
    name: str
    id_masked: str
    phone: str
    attended: Decimal
    result: str
    certificate_no: str
    register: str  # what the register says about the certificate
    register_ok: bool | None


def _mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else ("****" if phone else "")


def check_sheet(item: SpotCheck, *, phones: bool) -> dict:
    """What the evaluator needs for one class and nothing more. `phones`: the full numbers to call (for
    the evaluator while the check is open), otherwise masked."""
    klass = item.klass
    enrolments = list(
        Enrolment.objects.filter(klass=klass)
        .select_related("person", "result")
        .annotate(hours=Sum("attendance__hours"))
        .order_by("id")
    )
    numbers = {
        (e.person_id, certificate_number(e.result.certificate_no))
        for e in enrolments
        if hasattr(e, "result") and e.result.certificate_no
    }
    registered = {
        (pid, certificate_number(n))
        for pid, n in Certificate.objects.filter(
            person_id__in={p for p, _ in numbers}, number__in={n for _, n in numbers}
        ).values_list("person_id", "number")
    }
    by_number = set(
        Certificate.objects.filter(number__in={n for _, n in numbers}).values_list("number", flat=True)
    )
    lines = []
    for e in enrolments:
        result = getattr(e, "result", None)
        cert = certificate_number(result.certificate_no) if result and result.certificate_no else ""
        if not cert:
            register, ok = "—", None
        elif (e.person_id, cert) in registered:
            register, ok = "证书库已登记，持证人一致", True
        elif cert in by_number:
            register, ok = "证书库登记的持证人不是本人", False
        else:
            register, ok = "证书库无此证书", False
        lines.append(
            RosterLine(
                name=e.person.name,
                id_masked=e.person.id_masked,
                phone=e.person.phone if phones else _mask_phone(e.person.phone),
                attended=e.hours or Decimal("0"),
                result="" if result is None else ("合格" if result.passed else "不合格"),
                certificate_no=result.certificate_no if result else "",
                register=register,
                register_ok=ok,
            )
        )
    attendance = Attendance.objects.filter(enrolment__klass=klass)
    by_method = {
        m: n for m, n in attendance.values("method").annotate(n=Count("id")).values_list("method", "n")
    }
    sessions = list(
        Session.objects.filter(klass=klass)
        .select_related("venue")
        .annotate(present=Count("attendance", distinct=True))
        .order_by("date", "starts_at")
    )
    certs = [ln for ln in lines if ln.register_ok is not None]
    return {
        "klass": klass,
        "roster": lines,
        "sessions": sessions,
        "attendance": {
            "total": sum(by_method.values()),
            "methods": [(label, by_method.get(code, 0)) for code, label in Attendance.Method.choices],
            "low_trust": attendance.filter(low_trust=True).count(),
            "hours": attendance.aggregate(h=Sum("hours"))["h"] or Decimal("0"),
        },
        "certificates": {"total": len(certs), "registered": sum(1 for ln in certs if ln.register_ok)},
    }

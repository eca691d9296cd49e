"""Assessment results (考核鉴定) and certificates.

A pass needs a certificate number (unique per issuer) and the attended hours: the sum of the trainee's
attendance must reach the class hours. `ATTENDANCE_TOLERANCE` is 0 — the plan subsidises training that
happened (第1条, 第20条 real-name ledgers); manual (low-trust) hours count here and are weighed by the
integrity checks later.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from skillup.accounts import audit
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.registry import crypto
from skillup.registry.validators import validate_id_number
from skillup.training.batch import bulk_save
from skillup.training.models import Enrolment, Result, TrainingClass
from skillup.training.permissions import is_owner
from skillup.training.selectors import attended_hours

ATTENDANCE_TOLERANCE = Decimal("0")  # share of the class hours a pass may miss


LABELS = {
    "id_number": "身份证号",
    "passed": "考核结果",
    "certificate_no": "证书编号",
    "certified_on": "发证日期",
}


def required_attendance(klass: TrainingClass) -> Decimal:
    return (Decimal(klass.hours) * (1 - ATTENDANCE_TOLERANCE)).quantize(Decimal("0.1"))


def results_record(*, actor, klass: TrainingClass, results: list[dict]) -> dict:
    """`results`: [{id_number, passed, certificate_no, issuer?, certified_on?}] — all or none."""
    require(is_owner(actor, klass))
    if not results:
        raise RuleViolation("没有考核结果", field="results")
    errors: list[FieldError] = []
    parsed = []
    on = today()
    for row, rec in enumerate(results, start=1):
        row_errors = []
        number = ""
        try:
            number = validate_id_number(str(rec.get("id_number") or ""))
        except ValueError as exc:
            row_errors.append(FieldError(str(exc), field="id_number", row=row))
        passed = rec.get("passed")
        if not isinstance(passed, bool):
            row_errors.append(FieldError("请填写是否合格（true/false）", field="passed", row=row))
        certificate = str(rec.get("certificate_no") or "").strip()[:64]
        if passed and not certificate:
            row_errors.append(FieldError("合格学员须填写证书编号", field="certificate_no", row=row))
        issuer = str(rec.get("issuer") or "").strip()[:200] or klass.institution.name
        day = rec.get("certified_on") or on
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day)
            except ValueError:
                day = None
        if not isinstance(day, dt.date) or day < klass.start_date or day > on:
            row_errors.append(
                FieldError(
                    f"发证日期应在开班日期 {klass.start_date:%Y-%m-%d} 与今天之间",
                    field="certified_on",
                    row=row,
                )
            )
        errors.extend(row_errors)
        if not row_errors:
            parsed.append(
                (row, crypto.lookup_hash(number), passed, certificate if passed else "", issuer, day)
            )

    with transaction.atomic():
        klass = (
            TrainingClass.objects.select_for_update(of=("self",))
            .select_related("institution")
            .get(pk=klass.pk)
        )
        if klass.status not in (TrainingClass.Status.RUNNING, TrainingClass.Status.FINISHED):
            raise StateConflict(f"班级当前为“{klass.get_status_display()}”，开班后才能录入考核结果")
        enrolments = dict(
            Enrolment.objects.filter(klass=klass, person__id_hash__in=[p[1] for p in parsed]).values_list(
                "person__id_hash", "id"
            )
        )
        done = set(Result.objects.filter(enrolment__klass=klass).values_list("enrolment_id", flat=True))
        hours = attended_hours(klass)
        need = required_attendance(klass)
        certs = [(p[4], p[3]) for p in parsed if p[3]]
        taken = (
            set(
                Result.objects.filter(certificate_no__in=[c for _i, c in certs]).values_list(
                    "issuer", "certificate_no"
                )
            )
            if certs
            else set()
        )
        seen_certs: dict[tuple[str, str], int] = {}
        seen_people: set[int] = set()
        rows = []
        for row, h, passed, certificate, issuer, day in parsed:
            enrolment_id = enrolments.get(h)
            if enrolment_id is None:
                errors.append(FieldError("该学员不在本班名册中", field="id_number", row=row))
                continue
            if enrolment_id in done or enrolment_id in seen_people:
                errors.append(FieldError("该学员已有考核结果，不能重复录入", field="id_number", row=row))
                continue
            seen_people.add(enrolment_id)
            attended = hours.get(enrolment_id, Decimal("0"))
            if passed and attended < need:
                errors.append(
                    FieldError(
                        f"出勤 {attended} 课时，不足班级要求的 {need} 课时，不能判定合格",
                        field="passed",
                        row=row,
                    )
                )
                continue
            if certificate:
                key = (issuer, certificate)
                if key in taken:
                    errors.append(
                        FieldError(f"证书编号 {certificate} 已被使用", field="certificate_no", row=row)
                    )
                    continue
                if key in seen_certs:
                    errors.append(
                        FieldError(f"证书编号与第{seen_certs[key]}行重复", field="certificate_no", row=row)
                    )
                    continue
                seen_certs[key] = row
            rows.append(
                Result(
                    enrolment_id=enrolment_id,
                    passed=passed,
                    certificate_no=certificate,
                    issuer=issuer if passed else "",
                    occupation=klass.occupation,
                    level=klass.level,
                    certified_on=day if passed else None,
                    attended_hours=attended,
                    recorded_by=actor,
                )
            )
        bulk_save(Result, rows, errors, conflict="考核结果或证书编号已存在，请刷新后重试", labels=LABELS)
        from skillup.certificates.services import register_from_results

        register_from_results(actor=actor, klass=klass, results=rows)  # the one certificate register
        passed_count = sum(1 for r in rows if r.passed)
        audit.record(
            actor=actor,
            action="results.record",
            obj=klass,
            changes={"added": [0, len(rows)], "passed": [0, passed_count]},
            summary=f"{klass.code} 录入考核结果 {len(rows)} 人（合格 {passed_count} 人）",
        )
    return {"added": len(rows), "passed": passed_count}

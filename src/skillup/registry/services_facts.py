"""Writes of the registry facts behind claims: employment, enterprise recognitions, chief technicians,
venues and their public-training-base recognition. One transaction and one audit row each.

Who may write: an enterprise's staff add and end their own employees; HR any employment, and alone the
recognitions, chief-technician filings and venues. `Person.employer` and the enterprise flags
(`trade_friction`, `in_difficulty`, `high_skill_demo`, `ui_premiums_last_year`) are kept as derived
display values of these rows (as of the business date); claims read the dated rows (`registry.facts`).
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Literal, overload

from django.db import transaction

from skillup.accounts import audit
from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.registry import crypto, permissions
from skillup.registry.facts import FactBook
from skillup.registry.models import Enterprise, Organisation, OrgKind, Person
from skillup.registry.models_facts import ChiefTechnician, Employment, Recognition, Venue

HR_ROLES = (Role.HR, Role.HR_ADMIN)
K = Recognition.Kind


def _hr_only(actor) -> None:
    require(permissions.can_keep_facts(actor))


def _employer_or_hr(actor, enterprise: Organisation) -> None:
    require(permissions.can_employ(actor, enterprise))


@overload
def _date(value, field: str, label: str, *, required: Literal[True] = ...) -> dt.date: ...
@overload
def _date(value, field: str, label: str, *, required: bool) -> dt.date | None: ...
def _date(value, field: str, label: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise RuleViolation(f"请填写{label}", field=field)
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RuleViolation(f"{label}格式应为 YYYY-MM-DD", field=field) from None


def _enterprise(org) -> Organisation:
    if org is None or org.kind != OrgKind.ENTERPRISE:
        raise RuleViolation("请选择企业", field="enterprise")
    return org


def sync_employer(person: Person) -> None:
    """`Person.employer` is the employer on the business date, from the employment register."""
    employer = FactBook.load(person_ids=[person.pk]).employer_on(person.pk, today())
    if person.employer_id != (employer.pk if employer else None):
        person.employer = employer
        person.save(update_fields=["employer", "updated_at"])


def sync_flags(enterprise_id: int) -> None:
    """The enterprise's display flags as of the business date, from its recognitions."""
    day = today()
    book = FactBook.load(enterprise_ids=[enterprise_id])
    difficulty = book.difficulty(enterprise_id, day.year)
    values: dict[str, object] = {
        "trade_friction": book.recognition(enterprise_id, K.TRADE_FRICTION, day) is not None,
        "in_difficulty": difficulty is not None and difficulty.covers(day),
        "high_skill_demo": book.recognition(enterprise_id, K.HIGH_SKILL_DEMO, day) is not None,
    }
    if difficulty is not None and difficulty.ui_premiums_last_year is not None:
        values["ui_premiums_last_year"] = difficulty.ui_premiums_last_year
    Enterprise.objects.filter(organisation_id=enterprise_id).update(**values)


# --- employment -------------------------------------------------------------------------------------


def employment_start(
    *, actor, enterprise: Organisation, person: Person, start, source: str | None = None
) -> Employment:
    """`person` works for `enterprise` from `start` (no end yet)."""
    enterprise = _enterprise(enterprise)
    _employer_or_hr(actor, enterprise)
    start = _date(start, "start", "入职日期")
    if start > today():
        raise RuleViolation(f"入职日期不能晚于今天（{today():%Y-%m-%d}）", field="start")
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).exists()
        rows = Employment.objects.filter(person=person, enterprise=enterprise)
        clash = next((e for e in rows if e.end is None or e.end >= start), None)
        if clash is not None:
            until = f"至{clash.end:%Y-%m-%d}" if clash.end else "起至今"
            raise RuleViolation(
                f"{person.name}已登记为本企业职工（{clash.start:%Y-%m-%d}{until}），不能重复登记",
                field="id_number",
            )
        source = source or (Employment.Source.HR if actor.role in HR_ROLES else Employment.Source.ENTERPRISE)
        emp = Employment.objects.create(
            person=person, enterprise=enterprise, start=start, source=source, created_by=actor
        )
        sync_employer(person)
        audit.record(
            actor=actor,
            action="employment.start",
            obj=emp,
            changes={
                "person": [None, person.id_masked],
                "enterprise": [None, enterprise.name],
                "start": [None, str(start)],
            },
            summary=f"{enterprise.name} 登记职工 {person.name}（{start:%Y-%m-%d}起）",
        )
    return emp


def employment_add(
    *, actor, enterprise: Organisation, id_number: str, name: str, start, phone: str = ""
) -> Employment:
    """An enterprise's staff list, one person: found by identity number, registered if new."""
    from skillup.registry.services import clean_person_fields, person_register

    number, name, _phone, _codes, errors = clean_person_fields(id_number=id_number, name=name, phone=phone)
    if errors:
        raise RuleViolation(errors)
    enterprise = _enterprise(enterprise)
    _employer_or_hr(actor, enterprise)
    with transaction.atomic():
        person = Person.objects.filter(id_hash=crypto.lookup_hash(number)).first()
        if person is None:
            person = person_register(
                actor=actor, id_number=number, name=name, phone=phone, groups=["employee"]
            )
        elif person.name != name:
            raise RuleViolation(f"姓名与登记信息（{person.name}）不一致", field="name")
        return employment_start(actor=actor, enterprise=enterprise, person=person, start=start)


def employment_end(*, actor, employment: Employment, end) -> Employment:
    """The person left the enterprise on `end` (the last day employed)."""
    _employer_or_hr(actor, employment.enterprise)
    end = _date(end, "end", "离职日期")
    with transaction.atomic():
        emp = Employment.objects.select_for_update().get(pk=employment.pk)
        if emp.end is not None:
            raise StateConflict(f"该劳动关系已于 {emp.end:%Y-%m-%d} 终止")
        if end < emp.start:
            raise RuleViolation(f"离职日期不能早于入职日期（{emp.start:%Y-%m-%d}）", field="end")
        emp.end, emp.ended_by = end, actor
        emp.save(update_fields=["end", "ended_by"])
        sync_employer(emp.person)
        audit.record(
            actor=actor,
            action="employment.end",
            obj=emp,
            changes={"end": [None, str(end)]},
            summary=f"{emp.enterprise.name} 职工 {emp.person.name} 离职（{end:%Y-%m-%d}）",
        )
    return emp


def record_current_employer(*, actor, person: Person, employer: Organisation | None) -> None:
    """For registry edits that name a person's current employer: the employment register gets a row
    from the business date unless the person already works there."""
    if employer is None:
        return
    book = FactBook.load(person_ids=[person.pk])
    if book.employed_at(person.pk, employer.pk, today()) is None:
        emp = Employment.objects.create(
            person=person,
            enterprise=employer,
            start=today(),
            source=Employment.Source.REGISTRY,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="employment.start",
            obj=emp,
            changes={"enterprise": [None, employer.name], "start": [None, str(emp.start)]},
            summary=f"{employer.name} 登记职工 {person.name}（{emp.start:%Y-%m-%d}起）",
        )


# --- recognitions -----------------------------------------------------------------------------------


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise RuleViolation("金额应为数字（元），最多两位小数", field=field) from None
    if not amount.is_finite():  # "NaN" survives quantize, then breaks every comparison
        raise RuleViolation("金额应为数字（元），最多两位小数", field=field)
    if amount < 0:
        raise RuleViolation("金额不能为负数", field=field)
    return amount


def recognition_add(
    *,
    actor,
    enterprise: Organisation,
    kind: str,
    document: str,
    valid_from=None,
    valid_until=None,
    year=None,
    ui_premiums_last_year=None,
) -> Recognition:
    """HR records a recognition. 困难企业 is per calendar year with last year's paid unemployment
    insurance premiums (第11条); 试点企业 starts in its year and stays until ended (第10条)."""
    _hr_only(actor)
    errors: list[FieldError] = []
    if kind not in K.values:
        raise RuleViolation("认定类型不正确", field="kind")
    enterprise = _enterprise(enterprise)
    document = (document or "").strip()
    if not document:
        errors.append(FieldError("请填写认定依据（文件名称或文号）", field="document"))
    premiums = None
    if kind in (K.DIFFICULTY, K.PILOT):
        try:
            year = int(year)
            if not 2000 <= year <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            raise RuleViolation("请填写年度（如 2021）", field="year") from None
        if kind == K.DIFFICULTY:
            if ui_premiums_last_year in (None, ""):
                errors.append(FieldError("请填写上年度实缴失业保险费（元）", field="ui_premiums_last_year"))
            else:
                premiums = _money(ui_premiums_last_year, "ui_premiums_last_year")
            valid_from = dt.date(year, 1, 1)
            valid_until = dt.date(year, 12, 31)
        else:
            valid_from = _date(valid_from, "valid_from", "认定起始日期", required=False) or dt.date(
                year, 1, 1
            )
            valid_until = _date(valid_until, "valid_until", "认定截止日期", required=False)
    else:
        year = None
        valid_from = _date(valid_from, "valid_from", "认定起始日期")
        valid_until = _date(valid_until, "valid_until", "认定截止日期", required=False)
    if valid_until is not None and valid_until < valid_from:
        errors.append(FieldError("截止日期不能早于起始日期", field="valid_until"))
    if errors:
        raise RuleViolation(errors)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=enterprise.pk).exists()
        for other in Recognition.objects.filter(enterprise=enterprise, kind=kind):
            ends = other.valid_until or dt.date.max
            if other.valid_from <= (valid_until or dt.date.max) and valid_from <= ends:
                raise RuleViolation(
                    f"{enterprise.name}已有重叠的“{other.get_kind_display()}”认定（{other.valid_from:%Y-%m-%d}"
                    f"{'至' + format(other.valid_until, '%Y-%m-%d') if other.valid_until else '起'}）",
                    field="valid_from",
                )
        rec = Recognition.objects.create(
            enterprise=enterprise,
            kind=kind,
            year=year,
            valid_from=valid_from,
            valid_until=valid_until,
            ui_premiums_last_year=premiums,
            document=document[:200],
            created_by=actor,
        )
        sync_flags(enterprise.pk)
        audit.record(
            actor=actor,
            action="recognition.add",
            obj=rec,
            changes={
                "kind": [None, kind],
                "valid_from": [None, str(valid_from)],
                "valid_until": [None, str(valid_until) if valid_until else None],
                "ui_premiums_last_year": [None, str(premiums) if premiums is not None else None],
            },
            summary=f"{enterprise.name} {rec.get_kind_display()}（{document}）",
        )
    return rec


def recognition_end(*, actor, recognition: Recognition, until) -> Recognition:
    """The recognition ends on `until` (its last valid day)."""
    _hr_only(actor)
    until = _date(until, "until", "截止日期")
    with transaction.atomic():
        rec = Recognition.objects.select_for_update().get(pk=recognition.pk)
        if until < rec.valid_from:
            raise RuleViolation(f"截止日期不能早于认定起始日期（{rec.valid_from:%Y-%m-%d}）", field="until")
        if rec.valid_until is not None and until >= rec.valid_until:
            raise StateConflict(f"该认定已于 {rec.valid_until:%Y-%m-%d} 截止")
        before = rec.valid_until
        rec.valid_until, rec.ended_by = until, actor
        rec.save(update_fields=["valid_until", "ended_by"])
        sync_flags(rec.enterprise_id)
        audit.record(
            actor=actor,
            action="recognition.end",
            obj=rec,
            changes={"valid_until": [str(before) if before else None, str(until)]},
            summary=f"{rec.enterprise.name} {rec.get_kind_display()} 截止于 {until:%Y-%m-%d}",
        )
    return rec


# --- chief technicians ------------------------------------------------------------------------------


def chief_file(
    *,
    actor,
    enterprise: Organisation,
    person: Person | None,
    valid_from,
    document: str,
    valid_until=None,
    occupation="",
) -> ChiefTechnician:
    """HR files an enterprise's chief technician (第10条); the person must work there on the first day."""
    _hr_only(actor)
    enterprise = _enterprise(enterprise)
    if person is None:
        raise RuleViolation("该身份证号未在系统登记", field="id_number")
    start = _date(valid_from, "valid_from", "备案起始日期")
    until = _date(valid_until, "valid_until", "备案截止日期", required=False)
    errors = []
    if until is not None and until < start:
        errors.append(FieldError("截止日期不能早于起始日期", field="valid_until"))
    if not (document or "").strip():
        errors.append(FieldError("请填写备案依据（文件名称或文号）", field="document"))
    if errors:
        raise RuleViolation(errors)
    book = FactBook.load(person_ids=[person.pk], enterprise_ids=[enterprise.pk])
    if book.employed_at(person.pk, enterprise.pk, start) is None:
        raise RuleViolation(
            f"{person.name}在{start:%Y-%m-%d}不是{enterprise.name}的职工，请先登记劳动关系", field="id_number"
        )
    with transaction.atomic():
        for other in ChiefTechnician.objects.filter(enterprise=enterprise, person=person):
            if other.valid_from <= (until or dt.date.max) and start <= (other.valid_until or dt.date.max):
                raise RuleViolation("该人员已有重叠的首席技师备案", field="valid_from")
        chief = ChiefTechnician.objects.create(
            enterprise=enterprise,
            person=person,
            occupation=(occupation or "").strip()[:100],
            valid_from=start,
            valid_until=until,
            document=document.strip()[:200],
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="chief.file",
            obj=chief,
            changes={"person": [None, person.id_masked], "valid_from": [None, str(start)]},
            summary=f"{enterprise.name} 首席技师 {person.name} 备案（{document.strip()}）",
        )
    return chief


def chief_end(*, actor, chief: ChiefTechnician, until) -> ChiefTechnician:
    _hr_only(actor)
    until = _date(until, "until", "截止日期")
    with transaction.atomic():
        chief = ChiefTechnician.objects.select_for_update().get(pk=chief.pk)
        if until < chief.valid_from:
            raise RuleViolation(f"截止日期不能早于备案起始日期（{chief.valid_from:%Y-%m-%d}）", field="until")
        if chief.valid_until is not None and until >= chief.valid_until:
            raise StateConflict(f"该备案已于 {chief.valid_until:%Y-%m-%d} 截止")
        before = chief.valid_until
        chief.valid_until, chief.ended_by = until, actor
        chief.save(update_fields=["valid_until", "ended_by"])
        audit.record(
            actor=actor,
            action="chief.end",
            obj=chief,
            changes={"valid_until": [str(before) if before else None, str(until)]},
            summary=f"首席技师 {chief.person.name} 备案截止于 {until:%Y-%m-%d}",
        )
    return chief


# --- venues -----------------------------------------------------------------------------------------


def venue_register(
    *,
    actor,
    name: str,
    address: str,
    owner: Organisation | None = None,
    base_from=None,
    base_until=None,
    base_document="",
) -> Venue:
    """HR registers a training place; with `base_from` it is recognised as a public training base."""
    _hr_only(actor)
    errors = []
    if not (name or "").strip():
        errors.append(FieldError("请填写场地名称", field="name"))
    if not (address or "").strip():
        errors.append(FieldError("请填写场地地址", field="address"))
    start = _date(base_from, "base_from", "公共实训基地认定起始日期", required=False)
    until = _date(base_until, "base_until", "公共实训基地认定截止日期", required=False)
    if until is not None and (start is None or until < start):
        errors.append(FieldError("认定截止日期应晚于起始日期", field="base_until"))
    if start is not None and not (base_document or "").strip():
        errors.append(FieldError("请填写公共实训基地认定依据", field="base_document"))
    if errors:
        raise RuleViolation(errors)
    with transaction.atomic():
        venue = Venue.objects.create(
            name=name.strip()[:200],
            address=address.strip()[:300],
            owner=owner,
            base_from=start,
            base_until=until,
            base_document=(base_document or "").strip()[:200],
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="venue.register",
            obj=venue,
            changes={"name": [None, venue.name], "base_from": [None, str(start) if start else None]},
            summary=f"登记培训场地 {venue.name}" + ("（公共实训基地）" if start else ""),
        )
    return venue


def venue_base_end(*, actor, venue: Venue, until) -> Venue:
    """The venue's recognition as a public training base ends on `until`."""
    _hr_only(actor)
    until = _date(until, "until", "截止日期")
    with transaction.atomic():
        venue = Venue.objects.select_for_update().get(pk=venue.pk)
        if venue.base_from is None:
            raise StateConflict("该场地未被认定为公共实训基地")
        if until < venue.base_from:
            raise RuleViolation(f"截止日期不能早于认定起始日期（{venue.base_from:%Y-%m-%d}）", field="until")
        if venue.base_until is not None and until >= venue.base_until:
            raise StateConflict(f"认定已于 {venue.base_until:%Y-%m-%d} 截止")
        before = venue.base_until
        venue.base_until = until
        venue.save(update_fields=["base_until"])
        audit.record(
            actor=actor,
            action="venue.base_end",
            obj=venue,
            changes={"base_until": [str(before) if before else None, str(until)]},
            summary=f"{venue.name} 公共实训基地认定截止于 {until:%Y-%m-%d}",
        )
    return venue

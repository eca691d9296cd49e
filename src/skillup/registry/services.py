"""Writes of the registry: people, enterprises, organisations. One transaction each, audit row included."""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from skillup.accounts import audit
from skillup.core import text
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation
from skillup.core.permissions import require
from skillup.registry import crypto, permissions
from skillup.registry import groups as group_codes
from skillup.registry.models import Enterprise, Institution, Organisation, OrgKind, Person
from skillup.registry.services_facts import record_current_employer
from skillup.registry.validators import (
    id_birth_date,
    id_sex,
    mask_id_number,
    normalise_phone,
    validate_id_number,
    validate_uscc,
)

PERSON_FIELDS = ["name", "phone", "groups", "employer_id", "pension", "citizen_card"]


def clean_person_fields(
    *, id_number: str, name: str, phone: str = "", groups: Sequence[str] | str = ()
) -> tuple[str, str, str, list[str], list[FieldError]]:
    """Validates what identifies and reaches a person; returns the normalised values and every error."""
    errors: list[FieldError] = []
    number = ""
    try:
        number = validate_id_number(id_number, today=today())
    except ValueError as exc:
        errors.append(FieldError(str(exc), field="id_number"))
    name = (name or "").strip()
    if not name:
        errors.append(FieldError("姓名不能为空", field="name"))
    elif len(name) > 50:
        errors.append(FieldError("姓名过长（最多50个字）", field="name"))
    elif message := text.check_text(name):  # issue 10 item 4: one line, no control characters
        errors.append(FieldError(f"姓名{message}", field="name"))
    if phone:
        try:
            phone = normalise_phone(phone)
        except ValueError as exc:
            errors.append(FieldError(str(exc), field="phone"))
    codes: list[str] = []
    try:
        codes = group_codes.parse_groups(groups) if isinstance(groups, str) else list(groups)
        unknown = [c for c in codes if c not in group_codes.TARGET_GROUPS]
        if unknown:
            raise ValueError(f"未知的人员类别：{'、'.join(unknown)}")
    except ValueError as exc:
        errors.append(FieldError(str(exc), field="groups"))
    return number, name, phone, codes, errors


def person_build(
    *,
    number: str,
    name: str,
    phone: str,
    codes: list[str],
    employer=None,
    pension: bool = False,
    citizen_card: str = "",
) -> Person:
    """An unsaved Person from validated values (for bulk registration by roster imports)."""
    return Person(
        id_cipher=crypto.encrypt(number),
        id_hash=crypto.lookup_hash(number),
        id_masked=mask_id_number(number),
        name=name,
        sex=id_sex(number),
        birth_date=id_birth_date(number),
        phone=phone,
        groups=group_codes.encode(codes),
        employer=employer,
        pension=pension,
        citizen_card=citizen_card,
    )


def person_register(
    *,
    actor,
    id_number: str,
    name: str,
    phone: str = "",
    groups: Sequence[str] | str = (),
    employer: Organisation | None = None,
    pension: bool = False,
    citizen_card: str = "",
) -> Person:
    number, name, phone, codes, errors = clean_person_fields(
        id_number=id_number, name=name, phone=phone, groups=groups
    )
    if employer is not None and employer.kind != OrgKind.ENTERPRISE:
        errors.append(FieldError("工作单位必须是企业", field="employer"))
    if errors:
        raise RuleViolation(errors)
    if Person.objects.filter(id_hash=crypto.lookup_hash(number)).exists():
        raise RuleViolation("该身份证号已登记，不能重复登记", field="id_number")
    person = person_build(
        number=number,
        name=name,
        phone=phone,
        codes=codes,
        employer=employer,
        pension=pension,
        citizen_card=citizen_card,
    )
    try:
        with transaction.atomic():
            person.save()
            record_current_employer(actor=actor, person=person, employer=employer)
            audit.record(
                actor=actor,
                action="person.register",
                obj=person,
                changes={
                    "id_number": [None, person.id_masked],
                    "name": [None, name],
                    "groups": [None, person.groups],
                },
                summary=f"登记人员 {name}",
            )
    except IntegrityError:
        # Two registrations of one number at the same moment: the unique hash keeps only the first.
        raise RuleViolation("该身份证号已登记，不能重复登记", field="id_number") from None
    return person


def person_update_contact(*, actor, person: Person, phone: str) -> Person:
    """A trainee (or an officer) corrects the phone number; the change is audited."""
    try:
        phone = normalise_phone(phone) if phone else ""
    except ValueError as exc:
        raise RuleViolation(str(exc), field="phone") from None
    with transaction.atomic():
        before = audit.snapshot(person, ["phone"])
        person.phone = phone
        person.save(update_fields=["phone", "updated_at"])
        audit.record(
            actor=actor,
            action="person.update_contact",
            obj=person,
            changes=audit.diff(before, {"phone": phone}),
        )
    return person


def person_reveal_id(*, actor, person: Person, reason: str = "") -> str:
    """The full identity number, for the roles with a need for it; every read is an audited action."""
    require(permissions.can_reveal_id(actor, person))
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="person.reveal_id",
            obj=person,
            summary=f"查看 {person.name} 的完整身份证号" + (f"：{reason}" if reason else ""),
        )
    return crypto.decrypt(person.id_cipher)


def enterprise_update(*, actor, enterprise: Enterprise, **flags) -> Enterprise:
    # trade_friction, in_difficulty, high_skill_demo and ui_premiums_last_year are derived from the dated
    # recognitions (services_facts.recognition_add); they are never typed here.
    require(permissions.can_edit_enterprise(actor, enterprise))
    allowed = {"industry", "listed", "chemical", "state_owned", "kind", "employees"}
    unknown = set(flags) - allowed
    if unknown:
        raise RuleViolation(f"不能修改的字段：{'、'.join(sorted(unknown))}（请在“企业资格”中登记认定）")
    if "kind" in flags and flags["kind"] not in Enterprise.Kind.values:
        raise RuleViolation(f"企业类型应为：{'、'.join(Enterprise.Kind.labels)}", field="kind")
    if "ui_premiums_last_year" in flags:
        try:
            amount = Decimal(str(flags["ui_premiums_last_year"])).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise RuleViolation("金额格式不正确", field="ui_premiums_last_year") from None
        if not amount.is_finite():  # "NaN" survives quantize, then breaks every comparison
            raise RuleViolation("金额格式不正确", field="ui_premiums_last_year")
        if amount < 0:
            raise RuleViolation("金额不能为负数", field="ui_premiums_last_year")
        flags["ui_premiums_last_year"] = amount
    before = audit.snapshot(enterprise, sorted(allowed))
    for key, value in flags.items():
        setattr(enterprise, key, value)
    with transaction.atomic():
        enterprise.save()
        audit.record(
            actor=actor,
            action="enterprise.update",
            obj=enterprise,
            changes=audit.diff(before, audit.snapshot(enterprise, sorted(allowed))),
        )
    return enterprise


def organisation_create(
    *,
    actor,
    kind: str,
    name: str,
    uscc: str = "",
    code: str = "",
    sector: str = "",
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    short_name: str = "",
    bank_account: str = "",
    **profile,
) -> Organisation:
    """Creates an institution or enterprise (with its profile), or a bureau/department for the seed."""
    errors: list[FieldError] = []
    if not (name or "").strip():
        errors.append(FieldError("名称不能为空", field="name"))
    if kind in (OrgKind.INSTITUTION, OrgKind.ENTERPRISE):
        try:
            uscc = validate_uscc(uscc)
        except ValueError as exc:
            errors.append(FieldError(str(exc), field="uscc"))
        code = code or uscc
    if contact_phone:
        try:
            contact_phone = normalise_phone(contact_phone)
        except ValueError as exc:
            errors.append(FieldError(str(exc), field="contact_phone"))
    if errors:
        raise RuleViolation(errors)
    if uscc and Organisation.objects.filter(uscc=uscc).exists():
        raise RuleViolation("该统一社会信用代码已登记", field="uscc")
    if Organisation.objects.filter(code=code).exists():
        raise RuleViolation("单位代码已存在", field="code")
    with transaction.atomic():
        org = Organisation.objects.create(
            kind=kind,
            code=code,
            name=name.strip(),
            uscc=uscc or None,
            sector=sector,
            address=address,
            contact_name=contact_name,
            contact_phone=contact_phone,
            short_name=short_name,
            bank_account=bank_account,
        )
        if kind == OrgKind.ENTERPRISE:
            Enterprise.objects.create(organisation=org, **profile)
        elif kind == OrgKind.INSTITUTION:
            Institution.objects.create(organisation=org, **profile)
        audit.record(
            actor=actor,
            action="organisation.create",
            obj=org,
            changes={"kind": [None, kind], "name": [None, org.name], "code": [None, code]},
        )
    return org

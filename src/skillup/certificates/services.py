"""Writes of the certificate register. One transaction each, audited.

Three sources fill the register: SkillUp's own class results (`register_from_results`, called by the
results service in its transaction), assessment institutions (评价机构, one by one or by .xlsx) and HR's
imports from the provincial register (.xlsx). Uploads are all-or-nothing with row-numbered Chinese errors;
a person not yet in the registry is registered like a roster row (identity number + name), an existing
one must carry the same name. The 待核验证书 queue — claims waiting for their certificate — is run by the
subsidies app (`subsidies/verification.py`), which calls `clean_record` and `register_records` here, so
the register stays below training and subsidies (tests/test_layers.py).
"""

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction

from skillup.accounts import audit
from skillup.accounts.roles import Role
from skillup.certificates import evidence as evidence_files
from skillup.certificates import rules
from skillup.certificates.models import Certificate, Family
from skillup.certificates.normalise import certificate_number, issuer_name, occupation_key
from skillup.certificates.permissions import can_register_certificate
from skillup.core import text
from skillup.core.clock import today
from skillup.core.errors import FieldError, NotAllowed, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.core.xlsx import build_template
from skillup.core.xlsx_import import read_rows
from skillup.registry import crypto
from skillup.registry.models import Filing, FilingItem, Organisation, OrgKind, Person
from skillup.registry.services import person_build
from skillup.registry.validators import validate_id_number

HR_ROLES = (Role.HR, Role.HR_ADMIN)
HEADERS = ["身份证号", "姓名", "证书类别", "职业（工种）", "等级", "证书编号", "发证日期"]
PROVINCIAL_HEADERS = [*HEADERS, "发证机构"]
FIELDS = ["id_number", "name", "family", "occupation", "level", "number", "issued_on", "issuer_name"]
# The Chinese name of each field, shown with its error (the template's column, the form's label).
LABELS = dict(zip(FIELDS, PROVINCIAL_HEADERS, strict=True))


def template(*, provincial: bool) -> bytes:
    """Headers only on the sheet that is read; the notes and an example on 填写说明."""
    headers = PROVINCIAL_HEADERS if provincial else HEADERS
    example = ["330682199001011234", "张三", "职业技能等级", "电工", "四级", "S000000000001", "2021-03-01"]
    if provincial:
        example.append("浙江省职业技能鉴定中心")
    families = "、".join(f["name_zh"] for f in rules.families().values())
    notes = [
        "1. 在“证书登记”工作表第 2 行起每行填写一张证书，不要修改第 1 行表头。",
        "2. 身份证号：持证人 18 位居民身份证号码；已登记的人员姓名须与登记一致。",
        f"3. 证书类别：{families}。",
        "4. 发证日期：年-月-日，如 2021-03-01，不能晚于今天。",
        "5. 请勿使用公式、隐藏工作表；全部通过校验才会导入。",
    ]
    if provincial:
        notes.insert(4, "发证机构：证书上所印发证机构的全称。")
    return build_template(title="证书登记", headers=headers, notes=notes, example=example)


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def clean_record(rec: dict, row: int | None, *, need_issuer: bool) -> tuple[dict, list[FieldError]]:
    errors: list[FieldError] = []
    clean: dict = {}

    def err(message, field):
        errors.append(FieldError(message, field=field, row=row, label=LABELS.get(field)))

    try:
        clean["id_number"] = validate_id_number(str(rec.get("id_number") or ""), today=today())
    except ValueError as exc:
        err(str(exc), "id_number")
    clean["name"] = str(rec.get("name") or "").strip()
    if not clean["name"] or len(clean["name"]) > 50:
        err("请填写姓名（最多50个字）", "name")
    elif message := text.check_text(clean["name"]):  # one line (issue 10 item 4)
        err(f"姓名{message}", "name")
    family = rules.family_by_name(str(rec.get("family") or ""))
    if family is None:
        names = "、".join(f["name_zh"] for f in rules.families().values())
        err(f"证书类别应为 {names} 之一", "family")
    clean["family"] = family
    clean["occupation"] = str(rec.get("occupation") or "").strip()[:100]
    if not clean["occupation"]:
        err("请填写职业（工种）", "occupation")
    clean["level"] = str(rec.get("level") or "").strip()
    if family:
        levels = rules.families()[family]["levels"]
        blank_ok = family == Family.SPECIAL_ABILITY
        if not (clean["level"] in levels or (blank_ok and not clean["level"])):
            err(f"{rules.family_name(family)}的等级应为 {'、'.join(levels)} 之一", "level")
    clean["number"] = certificate_number(str(rec.get("number") or ""))
    if not clean["number"]:
        err("请填写证书编号", "number")
    day = _date(rec.get("issued_on"))
    if day is None:
        err("发证日期应为 年-月-日，如 2021-03-01", "issued_on")
    elif day > today():
        err("发证日期不能晚于今天", "issued_on")
    clean["issued_on"] = day
    if need_issuer:
        clean["issuer_name"] = issuer_name(str(rec.get("issuer_name") or ""))
        if not clean["issuer_name"]:
            err("请填写发证机构", "issuer_name")
    return clean, errors


def _unfiled_field(items, scheme: str, rec: dict) -> str:
    """The field the officer should correct: the first of 证书类别, 职业, 等级, 发证日期 no filed item fits."""
    same = [i for i in items if i.scheme == scheme]
    if not same:
        return "family"
    key = occupation_key(rec["occupation"])
    same = [i for i in same if not i.occupation or occupation_key(i.occupation) == key]
    if not same:
        return "occupation"
    if not any(not i.level_list or not rec["level"] or rec["level"] in i.level_list for i in same):
        return "level"
    return "issued_on"


def _assessor_may_issue(org_id: int, rows: list[tuple[int | None, dict]]) -> list[FieldError]:
    """An assessment institution registers only what its approved filing covered on the issue day."""
    items = list(
        FilingItem.objects.filter(
            filing__institution_id=org_id, filing__status=Filing.Status.APPROVED
        ).select_related("filing")
    )
    errors = []
    for row, rec in rows:
        scheme = rules.families()[rec["family"]]["filing_scheme"]
        ok = any(
            item.scheme == scheme
            and item.filing.valid_from <= rec["issued_on"] <= item.filing.valid_until
            and (not item.occupation or occupation_key(item.occupation) == occupation_key(rec["occupation"]))
            and (not item.level_list or not rec["level"] or rec["level"] in item.level_list)
            for item in items
        )
        if not ok:
            errors.append(
                FieldError(
                    f"本机构在发证日 {rec['issued_on']} 未备案{rules.family_name(rec['family'])}"
                    f" {rec['occupation']} {rec['level']}".rstrip(),
                    field=_unfiled_field(items, scheme, rec),
                    row=row,
                )
            )
    return errors


def register_records(
    *, actor, records: list[tuple[int | None, dict]], source: str, issuer=None
) -> tuple[list[Certificate], int]:
    """Validated records → people found or registered, certificates written; all or nothing. The caller
    holds the transaction."""
    errors: list[FieldError] = []
    seen: dict[tuple[str, str], int | None] = {}
    for row, rec in records:
        key = (rec["issuer_name"], rec["number"])
        if key in seen:
            errors.append(FieldError(f"证书编号与第{seen[key]}行重复", field="number", row=row))
        seen[key] = row
    taken = set()
    numbers = [rec["number"] for _r, rec in records]
    for start in range(0, len(numbers), 900):
        taken |= set(
            Certificate.objects.filter(number__in=numbers[start : start + 900]).values_list(
                "issuer_name", "number"
            )
        )
    hashes = {crypto.lookup_hash(rec["id_number"]) for _r, rec in records}
    people = {}
    hash_list = sorted(hashes)
    for start in range(0, len(hash_list), 900):
        people.update(
            {p.id_hash: p for p in Person.objects.filter(id_hash__in=hash_list[start : start + 900])}
        )
    new_people: dict[str, Person] = {}
    for row, rec in records:
        if (rec["issuer_name"], rec["number"]) in taken:
            errors.append(
                FieldError(
                    f"发证机构 {rec['issuer_name']} 的证书编号 {rec['number']} 已在证书库登记",
                    field="number",
                    row=row,
                )
            )
        h = crypto.lookup_hash(rec["id_number"])
        person = people.get(h) or new_people.get(h)
        if person is not None and person.name != rec["name"]:
            errors.append(FieldError(f"姓名与登记信息（{person.name}）不一致", field="name", row=row))
        elif person is None:
            new_people[h] = person_build(number=rec["id_number"], name=rec["name"], phone="", codes=[])
        rec["_hash"] = h
    if errors:
        errors.sort(key=lambda e: e.row or 0)
        raise RuleViolation(errors)
    if new_people:
        Person.objects.bulk_create(list(new_people.values()), batch_size=900)
        people.update({p.id_hash: p for p in Person.objects.filter(id_hash__in=list(new_people))})
    certs = [
        Certificate(
            person=people[rec["_hash"]],
            family=rec["family"],
            occupation=rec["occupation"],
            occupation_key=occupation_key(rec["occupation"]),
            level=rec["level"],
            number=rec["number"],
            issuer=issuer,
            issuer_name=rec["issuer_name"],
            issued_on=rec["issued_on"],
            source=source,
            created_by=actor,
        )
        for _row, rec in records
    ]
    try:
        with transaction.atomic():
            Certificate.objects.bulk_create(certs, batch_size=900)
    except IntegrityError:
        raise StateConflict("证书编号已被同时登记，请刷新后重试") from None
    return certs, len(new_people)


def _source_of(actor) -> tuple[str, Organisation | None, bool]:
    require(can_register_certificate(actor))
    if actor.role == Role.ASSESSOR:
        return Certificate.Source.ASSESSOR, actor.organisation, False
    return Certificate.Source.PROVINCIAL, None, True


def _records(actor, raw: Sequence[tuple[int | None, dict]]) -> tuple[list, str, Organisation | None]:
    source, issuer, need_issuer = _source_of(actor)
    if issuer is not None and issuer.kind != OrgKind.ASSESSOR:
        raise NotAllowed("只有评价机构可以登记本机构发放的证书")
    records, errors = [], []
    for row, rec in raw:
        clean, more = clean_record(rec, row, need_issuer=need_issuer)
        errors += more
        if not more:
            if issuer is not None:
                clean["issuer_name"] = issuer_name(issuer.name)
            records.append((row, clean))
    if issuer is not None and records:
        errors += _assessor_may_issue(issuer.pk, records)
    if not raw:
        errors.append(FieldError("没有可导入的证书：请在模板第 2 行起填写证书后再上传", field="rows"))
    if errors:
        errors.sort(key=lambda e: e.row or 0)
        raise RuleViolation(errors)
    return records, source, issuer


def certificate_register(*, actor, **fields) -> Certificate:
    """One certificate (form or API): an assessment institution for itself; HR from the provincial
    register (naming the issuer). Fields: id_number, name, family, occupation, level, number, issued_on,
    issuer_name (HR only)."""
    records, source, issuer = _records(actor, [(None, fields)])
    with transaction.atomic():
        certs, new_people = register_records(actor=actor, records=records, source=source, issuer=issuer)
        cert = certs[0]
        audit.record(
            actor=actor,
            action="certificate.register",
            obj=cert,
            changes={"number": [None, cert.number], "person": [None, cert.person.id_masked]},
            summary=f"登记证书 {cert.number}（{cert.issuer_name}）"
            + ("，新登记人员 1 人" if new_people else ""),
        )
    return cert


def certificates_import(*, actor, content: bytes) -> dict:
    """An .xlsx of certificates (the template's columns), all or nothing, one audit row with the counts."""
    source, _issuer, provincial = _source_of(actor)
    headers = PROVINCIAL_HEADERS if provincial else HEADERS
    rows = read_rows(content, headers=headers)
    raw = [(number, dict(zip(FIELDS, cells, strict=False))) for number, cells in rows]
    records, source, issuer = _records(actor, raw)
    with transaction.atomic():
        certs, new_people = register_records(actor=actor, records=records, source=source, issuer=issuer)
        audit.record(
            actor=actor,
            action="certificate.import",
            obj=issuer or actor,
            changes={"certificates": [0, len(certs)], "people_registered": [0, new_people]},
            summary=f"导入证书 {len(certs)} 条（{Certificate.Source(source).label}），新登记人员 {new_people} 人",
        )
    return {"added": len(certs), "people_registered": new_people}


def register_from_results(*, actor, klass, results) -> int:
    """The passed results with a certificate number enter the register (source class_result). Called by
    `training.results.results_record` inside its transaction, so a pass is never missing from it."""
    passed = [r for r in results if r.passed and r.certificate_no]
    if not passed:
        return 0
    family = rules.family_of_scheme(klass.scheme)
    person_of = dict(
        klass.enrolments.filter(id__in=[r.enrolment_id for r in passed]).values_list("id", "person_id")
    )
    saved = {
        r.enrolment_id: r.pk
        for r in type(passed[0]).objects.filter(enrolment_id__in=list(person_of)).only("id", "enrolment_id")
    }
    certs = []
    for r in passed:
        name = issuer_name(r.issuer)
        certs.append(
            Certificate(
                person_id=person_of[r.enrolment_id],
                family=family,
                occupation=r.occupation,
                occupation_key=occupation_key(r.occupation),
                level=r.level,
                number=certificate_number(r.certificate_no),
                issuer=klass.institution if name == issuer_name(klass.institution.name) else None,
                issuer_name=name,
                issued_on=r.certified_on,
                source=Certificate.Source.CLASS_RESULT,
                result_id=saved[r.enrolment_id],
                created_by=actor,
            )
        )
    taken = set(
        Certificate.objects.filter(number__in=[c.number for c in certs]).values_list("issuer_name", "number")
    )
    clash = [c.number for c in certs if (c.issuer_name, c.number) in taken]
    if clash:
        raise RuleViolation(
            f"证书编号 {'、'.join(clash[:5])} 已在证书库登记（同一发证机构编号不能重复）",
            field="certificate_no",
        )
    try:
        with transaction.atomic():
            Certificate.objects.bulk_create(certs, batch_size=900)
    except IntegrityError:
        raise StateConflict("证书编号已被同时登记，请刷新后重试") from None
    return len(certs)


def evidence_read(upload) -> tuple[bytes, str, str]:
    """Checks an upload before anything is written: (content, content type, original name)."""
    return evidence_files.read_upload(upload)

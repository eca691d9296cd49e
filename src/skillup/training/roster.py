"""Roster imports (名册): by form, .xlsx or API JSON, all-or-nothing with row-level Chinese errors.

Designed for 10,000 rows (benchmarks/bench_roster.py): every row is validated in memory, existing people
are found by their keyed hash in a few IN queries, new people and enrolments are bulk-inserted, and one
audit row records the import with its counts, all in one transaction. Existing people are linked as they
are (the roster does not overwrite registry data); a name that differs from the registry is an error.
"""

from dataclasses import dataclass

from django.db import transaction

from skillup.accounts import audit
from skillup.core import xlsx_import
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.core.xlsx import build_template
from skillup.registry import crypto
from skillup.registry.models import Person
from skillup.registry.services import clean_person_fields, person_build
from skillup.training.models import Enrolment, TrainingClass
from skillup.training.permissions import is_owner

S = TrainingClass.Status
HEADERS = ("身份证号", "姓名", "手机号", "人员类别")
LABELS = {
    "id_number": "身份证号",
    "name": "姓名",
    "phone": "手机号",
    "groups": "人员类别",
    "capacity": "计划人数",
}
OPEN_FOR_ROSTER = (S.SUBMITTED, S.APPROVED, S.RUNNING)
ACTIVE = (S.SUBMITTED, S.APPROVED, S.RUNNING)
CHUNK = 900  # IN-list size that every SQLite build accepts


@dataclass
class Row:
    row: int | None  # None: one row typed on the class page (no row number in the messages)
    id_number: str
    name: str
    phone: str = ""
    groups: str | list = ""


def rows_from_xlsx(content: bytes) -> list[Row]:
    return [Row(number, *cells) for number, cells in xlsx_import.read_rows(content, headers=HEADERS)]


def _groups(value) -> str:
    """A list of the plan's Chinese names (or codes) reads like the spreadsheet column."""
    return "、".join(str(v) for v in value) if isinstance(value, list) else str(value or "")


def rows_from_json(trainees: list[dict]) -> list[Row]:
    return [
        Row(
            i,
            str(t.get("id_number") or ""),
            str(t.get("name") or ""),
            str(t.get("phone") or ""),
            _groups(t.get("groups")),
        )
        for i, t in enumerate(trainees, start=1)
    ]


def template() -> bytes:
    """Headers only on the sheet that is read; the notes and an example on 填写说明."""
    return build_template(
        title="学员名册",
        headers=HEADERS,
        notes=[
            "1. 在“学员名册”工作表第 2 行起每行填写一名学员，不要修改第 1 行表头。",
            "2. 身份证号：18 位居民身份证号码；已登记的人员姓名须与登记一致。",
            "3. 手机号：11 位手机号码，学员注册和签到验证码发到该号码（可不填）。",
            "4. 人员类别：如 企业职工、失业人员、退役军人，多个用“、”分隔。",
            "5. 请勿使用公式、隐藏工作表；一次最多导入 10000 人，全部通过校验才会导入。",
        ],
        example=("330604199001011234", "张三", "13800000000", "企业职工、退役军人"),
    )


def _error(message: str, field: str, row: int | None) -> FieldError:
    return FieldError(message, field=field, row=row, label=LABELS.get(field))


def _chunks(values: list, size: int = CHUNK):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def roster_import(*, actor, klass: TrainingClass, rows: list[Row], source: str) -> dict:
    """Adds every row to the class or none; returns {added, registered}."""
    require(is_owner(actor, klass))
    if not rows:
        raise RuleViolation("没有可导入的学员：请在模板第 2 行起填写学员后再上传", field="trainees")
    if len(rows) > xlsx_import.MAX_ROWS:
        raise RuleViolation(f"一次最多导入 {xlsx_import.MAX_ROWS} 人，请拆分", field="trainees")
    errors: list[FieldError] = []
    valid: list[tuple[Row, str, str, str, str, list[str]]] = []  # row, hash, number, name, phone, codes
    seen: dict[str, int] = {}
    for r in rows:
        number, name, phone, codes, row_errors = clean_person_fields(
            id_number=r.id_number, name=r.name, phone=r.phone, groups=r.groups
        )
        if not codes and not any(e.field == "groups" for e in row_errors):
            row_errors.append(FieldError("请填写人员类别（如 企业职工、失业人员）", field="groups"))
        errors.extend(_error(e.message, e.field, r.row) for e in row_errors)
        if row_errors:
            continue
        if number in seen:
            errors.append(_error(f"身份证号与第{seen[number]}行重复", "id_number", r.row))
            continue
        seen[number] = r.row
        valid.append((r, crypto.lookup_hash(number), number, name, phone, codes))

    with transaction.atomic():
        klass = TrainingClass.objects.select_for_update().get(pk=klass.pk)
        if klass.status not in OPEN_FOR_ROSTER:
            raise StateConflict(f"班级当前为“{klass.get_status_display()}”，不能再调整名册")
        hashes = [v[1] for v in valid]
        existing: dict[str, tuple[int, str]] = {}
        for chunk in _chunks(hashes):
            existing.update(
                (h, (pk, name))
                for pk, h, name in Person.objects.filter(id_hash__in=chunk).values_list(
                    "id", "id_hash", "name"
                )
            )
        person_ids = [pk for pk, _ in existing.values()]
        already: set[int] = set()
        elsewhere: dict[int, str] = {}
        for chunk in _chunks(person_ids):
            already.update(
                Enrolment.objects.filter(klass=klass, person_id__in=chunk).values_list("person_id", flat=True)
            )
            elsewhere.update(
                Enrolment.objects.filter(
                    person_id__in=chunk,
                    klass__status__in=ACTIVE,
                    klass__start_date__lte=klass.end_date,
                    klass__end_date__gte=klass.start_date,
                )
                .exclude(klass=klass)
                .values_list("person_id", "klass__code")
            )
        for r, h, _number, name, _phone, _codes in valid:
            found = existing.get(h)
            if found is None:
                continue
            pk, registered_name = found
            if registered_name != name:
                errors.append(
                    _error(f"该身份证号已登记为“{registered_name}”，与姓名“{name}”不符", "name", r.row)
                )
            elif pk in already:
                errors.append(_error("该学员已在本班名册中", "id_number", r.row))
            elif pk in elsewhere:
                errors.append(
                    _error(f"该学员同期已在班级 {elsewhere[pk]} 中，培训时间冲突", "id_number", r.row)
                )
        current = Enrolment.objects.filter(klass=klass).count()
        if not errors and current + len(valid) > klass.capacity:
            errors.append(
                FieldError(
                    f"超过计划人数：已有 {current} 人，本次 {len(valid)} 人，计划人数 {klass.capacity} 人",
                    field="capacity",
                )
            )
        if errors:
            errors.sort(key=lambda e: e.row or 0)
            raise RuleViolation(errors)

        new_people = [
            person_build(number=number, name=name, phone=phone, codes=codes)
            for _r, h, number, name, phone, codes in valid
            if h not in existing
        ]
        created = Person.objects.bulk_create(new_people, batch_size=1000)
        ids = {p.id_hash: p.pk for p in created}
        if any(pk is None for pk in ids.values()):  # a backend without RETURNING
            new_hashes = [p.id_hash for p in created]
            ids = {}
            for chunk in _chunks(new_hashes):
                ids.update(
                    (h, pk) for pk, h in Person.objects.filter(id_hash__in=chunk).values_list("id", "id_hash")
                )
        ids.update((h, pk) for h, (pk, _n) in existing.items())
        Enrolment.objects.bulk_create(
            [Enrolment(klass=klass, person_id=ids[v[1]], source=source, added_by=actor) for v in valid],
            batch_size=1000,
        )
        audit.record(
            actor=actor,
            action="roster.import",
            obj=klass,
            changes={
                "added": [current, current + len(valid)],
                "registered": [0, len(created)],
                "source": [None, source],
            },
            summary=f"{klass.code} 名册导入 {len(valid)} 人（新登记 {len(created)} 人，来源 {source}）",
        )
    return {"added": len(valid), "registered": len(created)}

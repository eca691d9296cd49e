"""Writes of the lifelong record: importing history from earlier systems (.xlsx, all or nothing, with a
dry run), and the trainee's share links (create, revoke, log a view). Each action is one transaction with
its audit row."""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.core import text
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation
from skillup.core.permissions import require
from skillup.core.xlsx import build_template
from skillup.core.xlsx_import import read_rows
from skillup.records.models import HistoricalEntry, ImportBatch, ShareLink, ShareView
from skillup.records.permissions import can_import_history, can_revoke_share, can_share_record
from skillup.registry import crypto
from skillup.registry.models import Person
from skillup.registry.validators import validate_id_number

HEADERS = [
    "身份证号", "姓名", "年度", "开始日期", "结束日期", "培训机构", "职业（工种）", "等级", "课时",
    "证书编号", "发证机构", "来源系统",
]  # fmt: skip
FIELDS = [
    "id_number", "name", "year", "start_date", "end_date", "institution_name", "occupation", "level",
    "hours", "certificate_no", "certificate_issuer", "source_system",
]  # fmt: skip
LABELS = dict(zip(FIELDS, HEADERS, strict=True))
MAX_ROWS = 50_000  # one earlier system's export; larger ones are split
MAX_ERRORS = 200  # shown at most; the count says how many there were
LOOKUP_CHUNK = 900  # SQLite's bound on query parameters
SHARE_DAYS = 30
SHARE_MAX_DAYS = 365


def template() -> bytes:
    example = [
        "330682199001011234", "张三", "2018", "2018-03-01", "2018-03-20", "上虞区职业技能培训学校",
        "电工", "初级", "80", "S201800000001", "绍兴市职业技能鉴定中心", "原就业培训管理系统",
    ]  # fmt: skip
    notes = [
        "1. 在“历史培训记录”工作表第 2 行起每行填写一条记录，不要修改第 1 行表头。",
        "2. 身份证号：18 位居民身份证号码，人员须已在本平台登记，姓名须与登记一致。",
        "3. 年度：四位数字，如 2018；开始日期、结束日期可空，格式 年-月-日。",
        "4. 培训机构、职业（工种）、来源系统必填；课时为数字，可空；证书编号、发证机构可空。",
        "5. 请勿使用公式、隐藏工作表；全部通过校验才会导入，可先“预览”检查。",
    ]
    return build_template(title="历史培训记录", headers=HEADERS, notes=notes, example=example)


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)  # the clean rows (person_id, person_name, fields)
    errors: list[FieldError] = field(default_factory=list)
    error_count: int = 0
    batch: ImportBatch | None = None

    @property
    def count(self) -> int:
        return len(self.rows)


def _date(value: str):
    value = value.strip().replace("/", "-").replace(".", "-")[:10]
    if not value:
        return None, True
    try:
        return dt.date.fromisoformat(value), True
    except ValueError:
        return None, False


def _clean(number: int, rec: dict, business_day: dt.date) -> tuple[dict, list[FieldError]]:
    errors: list[FieldError] = []

    def err(message, name):
        errors.append(FieldError(message, field=name, row=number, label=LABELS[name]))

    clean: dict = {"row": number}
    try:
        clean["id_number"] = validate_id_number(rec["id_number"], today=business_day)
    except ValueError as exc:
        err(str(exc), "id_number")
    clean["name"] = rec["name"].strip()
    if not clean["name"]:
        err("请填写姓名", "name")
    year = rec["year"].strip()
    if not (year.isdigit() and len(year) == 4 and 1950 <= int(year) <= business_day.year):
        err(f"年度应为四位数字（1950—{business_day.year}），如 2018", "year")
    else:
        clean["year"] = int(year)
    for name in ("start_date", "end_date"):
        day, ok = _date(rec[name])
        if not ok:
            err("日期应为 年-月-日，如 2018-03-01", name)
        elif day and day > business_day:
            err("日期不能晚于今天", name)
        clean[name] = day
    if clean.get("start_date") and clean.get("end_date") and clean["end_date"] < clean["start_date"]:
        err("结束日期不能早于开始日期", "end_date")
    limits = {
        "institution_name": 200, "occupation": 100, "level": 10, "certificate_no": 64,
        "certificate_issuer": 200, "source_system": 100,
    }  # fmt: skip
    for name, limit in limits.items():
        value = rec[name].strip()
        if len(value) > limit:
            err(f"最多 {limit} 个字", name)
        elif message := text.check_text(value):
            err(message, name)
        clean[name] = value
    for name in ("institution_name", "occupation", "source_system"):
        if not clean[name]:
            err("必填，请填写", name)
    hours = rec["hours"].strip()
    clean["hours"] = None
    if hours:
        try:
            value = Decimal(hours).quantize(Decimal("0.1"))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value < 0 or value > 10000:
            err("课时应为 0—10000 的数字，如 80", "hours")
        else:
            clean["hours"] = value
    if clean["certificate_issuer"] and not clean["certificate_no"]:
        err("填写了发证机构时请同时填写证书编号", "certificate_no")
    return clean, errors


def history_check(rows: list[tuple[int, list[str]]]) -> ImportResult:
    """Validates every row and matches each identity number to a registered person (keyed hash, looked up
    in bulk). Nothing is written."""
    result = ImportResult()
    business_day = today()
    cleaned = []
    for number, cells in rows:
        rec = dict(zip(FIELDS, (cells + [""] * len(FIELDS))[: len(FIELDS)], strict=True))
        clean, errors = _clean(number, rec, business_day)
        result.errors.extend(errors)
        if "id_number" in clean:
            clean["id_hash"] = crypto.lookup_hash(clean["id_number"])
        cleaned.append(clean)
    hashes = list({c["id_hash"] for c in cleaned if "id_hash" in c})
    people: dict[str, tuple[int, str]] = {}
    for i in range(0, len(hashes), LOOKUP_CHUNK):
        chunk = hashes[i : i + LOOKUP_CHUNK]
        for pk, id_hash, name in Person.objects.filter(id_hash__in=chunk).values_list(
            "id", "id_hash", "name"
        ):
            people[id_hash] = (pk, name)
    for clean in cleaned:
        if "id_hash" not in clean:
            continue
        found = people.get(clean["id_hash"])
        if found is None:
            result.errors.append(
                FieldError(
                    "该身份证号的人员未在本平台登记，请先登记人员后再导入",
                    field="id_number",
                    row=clean["row"],
                    label=LABELS["id_number"],
                )
            )
            continue
        if clean["name"] and clean["name"] != found[1]:
            result.errors.append(
                FieldError(
                    f"姓名与登记不一致（登记姓名为 {found[1][0]}{'*' * (len(found[1]) - 1)}）",
                    field="name",
                    row=clean["row"],
                    label=LABELS["name"],
                )
            )
            continue
        clean["person_id"], clean["person_name"] = found
        result.rows.append(clean)
    result.errors.sort(key=lambda e: e.row or 0)
    result.error_count = len(result.errors)
    result.errors = result.errors[:MAX_ERRORS]
    if result.error_count:
        result.rows = []
    return result


def history_import_rows(
    *, actor, rows: list[tuple[int, list[str]]], dry_run: bool, file_name: str = "", sha256: str = ""
) -> ImportResult:
    """The rows of an upload (sheet row number, cell texts): checked; unless a dry run, all imported in one
    transaction with one audit row, or none (RuleViolation naming every row and column at fault)."""
    require(can_import_history(actor))
    if not rows:
        raise RuleViolation("文件中没有数据行，请在表头下方填写历史培训记录", field="file")
    if len(rows) > MAX_ROWS:
        raise RuleViolation(f"一次最多导入 {MAX_ROWS} 条，请拆分为多个文件", field="file")
    result = history_check(rows)
    if result.error_count:
        if dry_run:
            return result
        raise RuleViolation(result.errors)
    if dry_run:
        return result
    now = timezone.now()
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file_name=file_name[:200], sha256=sha256, rows=len(result.rows), imported_by=actor
        )
        HistoricalEntry.objects.bulk_create(
            (
                HistoricalEntry(
                    person_id=c["person_id"],
                    year=c["year"],
                    start_date=c["start_date"],
                    end_date=c["end_date"],
                    institution_name=c["institution_name"],
                    occupation=c["occupation"],
                    level=c["level"],
                    hours=c["hours"],
                    certificate_no=c["certificate_no"],
                    certificate_issuer=c["certificate_issuer"],
                    source_system=c["source_system"],
                    batch=batch,
                    imported_by=actor,
                    imported_at=now,
                )
                for c in result.rows
            ),
            batch_size=2000,
        )
        people = len({c["person_id"] for c in result.rows})
        audit.record(
            actor=actor,
            action="records.history_import",
            obj=batch,
            changes={"rows": [0, len(result.rows)], "people": [0, people]},
            summary=f"导入历史培训记录 {len(result.rows)} 条（{people} 人），文件 {file_name or '未命名'}",
        )
    result.batch = batch
    return result


def history_import(*, actor, content: bytes, dry_run: bool, file_name: str = "") -> ImportResult:
    """An .xlsx of the template's columns (core.xlsx_import's safe reader), checked or imported."""
    require(can_import_history(actor))
    rows = read_rows(content, headers=HEADERS, max_rows=MAX_ROWS)
    return history_import_rows(
        actor=actor,
        rows=rows,
        dry_run=dry_run,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def share_create(*, actor, days: int = SHARE_DAYS, show_subsidies: bool = False, label: str = "") -> tuple:
    """A new share link to the trainee's own record: (link, token). The token is shown once."""
    require(can_share_record(actor))
    if not isinstance(days, int) or not 1 <= days <= SHARE_MAX_DAYS:
        raise RuleViolation(
            [FieldError(f"有效期应为 1—{SHARE_MAX_DAYS} 天", field="days", label="有效期（天）")]
        )
    label = (label or "").strip()
    if len(label) > 100 or (label and text.check_text(label)):
        raise RuleViolation(
            [FieldError("用途备注最多100个字，且不能含控制字符", field="label", label="用途备注")]
        )
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        link = ShareLink.objects.create(
            person_id=actor.person_id,
            token_hash=token_hash(token),
            token_hint=token[-6:],
            label=label,
            show_subsidies=bool(show_subsidies),
            created_by=actor,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        audit.record(
            actor=actor,
            action="records.share_create",
            obj=link,
            changes={
                "expires_at": [None, link.expires_at.isoformat()],
                "show_subsidies": [None, link.show_subsidies],
            },
            summary=f"创建终身档案分享链接（有效 {days} 天{'，含补贴金额' if show_subsidies else ''}）",
        )
    return link, token


def share_revoke(*, actor, link: ShareLink) -> ShareLink:
    require(can_revoke_share(actor, link))
    with transaction.atomic():
        link = ShareLink.objects.select_for_update().get(pk=link.pk)
        require(can_revoke_share(actor, link))
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="records.share_revoke",
            obj=link,
            changes={"revoked_at": [None, link.revoked_at.isoformat()]},
            summary=f"撤销终身档案分享链接 …{link.token_hint}",
        )
    return link


def share_open(token: str, *, ip: str | None, user_agent: str = "") -> tuple[ShareLink | None, str]:
    """The link of a token and its state ("ok", "expired", "revoked", "unknown"); an "ok" open is logged."""
    link = ShareLink.objects.filter(token_hash=token_hash(token or "")).select_related("person").first()
    if link is None:
        return None, "unknown"
    if link.revoked_at is not None:
        return link, "revoked"
    if link.expires_at <= timezone.now():
        return link, "expired"
    ShareView.objects.create(link=link, ip=ip or None, user_agent=(user_agent or "")[:300])
    return link, "ok"

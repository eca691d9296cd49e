"""Payment batches: finance-approved claims → a disbursement file → the bank's result file → paid or failed.

Each payment line is one attempt with its own idempotency key. A result file is checked whole before
anything is written (unknown keys, changed amounts or a wrong total refuse it all); a line already
settled is never changed again, so a replayed or late file changes nothing. A failed payment is re-issued
as a new attempt with a new key; the database allows at most one pending-or-paid attempt per claim.
A claim whose money is held (`subsidies.permissions.held`: an integrity finding stands on it) is left out
of the batch, and the batch says which and why.
"""

import csv
import hashlib
import io
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.core import registry
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.numbering import next_number
from skillup.core.permissions import require
from skillup.core.xlsx import csv_text
from skillup.fund import accounts, ledger, selectors
from skillup.fund.models import PaymentBatch, PaymentLine, ResultImport
from skillup.fund.permissions import can_create_batch
from skillup.registry import crypto, payees
from skillup.subsidies.models import Claim, ClaimReview
from skillup.subsidies.permissions import held

S = Claim.Status
PERSON = payees.PERSON
# API.md's columns first, in this order, never renamed; then what the card centre needs (docs/payments.md).
FILE_HEADER = ["key", "payee", "account", "amount", "claim"]
CARD_CENTRE_COLUMNS = ["payee_kind", "name", "id_masked", "id_number"]
RESULT_HEADER = ["key", "status", "reason"]
TOTAL_KEYS = ("TOTAL", "合计")


def _finance(actor) -> None:
    require(can_create_batch(actor))


def payment_batch_create(*, actor, claim_ids) -> PaymentBatch:
    """Assemble finance-approved claims into a batch: one payment line (attempt, key) per claim, and the
    ledger moves each amount from 应付补贴 to 在途支付. All or nothing, except that claims whose money is
    held are left out (`batch.left_out`: [(claim id, reason)], also in the audit row)."""
    _finance(actor)
    ids = sorted({int(i) for i in claim_ids})
    if not ids:
        raise RuleViolation("请选择至少一笔待支付的申领", field="claim_ids")
    day = today()
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update().filter(pk__in=ids).order_by("id"))
        found = {c.pk for c in claims}
        missing = [i for i in ids if i not in found]
        if missing:
            raise RuleViolation(f"申领不存在：{'、'.join(map(str, missing[:20]))}", field="claim_ids")
        wrong = [c for c in claims if c.status != S.FINANCE_APPROVED]
        if wrong:
            raise StateConflict(
                "只有「待支付」（财政审核通过）的申领可以加入支付批次；不符合的申领："
                + "、".join(f"#{c.pk}（{c.get_status_display()}）" for c in wrong[:20])
            )
        holds = held(claims)
        left_out = [(c.pk, holds[c.pk]) for c in claims if c.pk in holds]
        if len(left_out) == len(claims):
            raise StateConflict(
                "所选申领均暂缓支付，未生成支付批次：" + "；".join(r for _, r in left_out[:5])
            )
        claims = [c for c in claims if c.pk not in holds]
        ids = [c.pk for c in claims]
        # Pay to the account the payee has now: a card or bank account corrected after a failure counts.
        refreshed = _refresh_accounts(claims)
        no_account = [c for c in claims if payees.account_missing(c.payee_kind, c.payee_account)]
        if no_account:
            raise StateConflict(
                "收款单位银行账号缺失的申领不能发放（请先登记银行账号）："
                + "、".join(f"#{c.pk} {c.payee_name}" for c in no_account[:20])
            )
        attempts = {}
        for claim_id, attempt in PaymentLine.objects.filter(claim_id__in=ids).values_list(
            "claim_id", "attempt"
        ):
            attempts[claim_id] = max(attempts.get(claim_id, 0), attempt)
        n = next_number(
            f"payment_batch:{day:%Y%m%d}", floor=lambda: PaymentBatch.objects.filter(date=day).count()
        )
        code = f"ZF{day:%Y%m%d}{n:03d}"
        total = sum((c.amount for c in claims), Decimal("0.00"))
        batch = PaymentBatch.objects.create(
            code=code, date=day, count=len(claims), total=total, created_by=actor
        )
        lines = PaymentLine.objects.bulk_create(
            [
                PaymentLine(
                    batch=batch,
                    claim=c,
                    attempt=attempts.get(c.pk, 0) + 1,
                    key=f"{code}-{c.pk}-{attempts.get(c.pk, 0) + 1}",
                    payee_name=c.payee_name,
                    payee_account=c.payee_account,
                    amount=c.amount,
                )
                for c in claims
            ]
        )
        for c in claims:
            c.status, c.updated_at = S.IN_BATCH, timezone.now()
        Claim.objects.bulk_update(claims, ["status", "updated_at", "payee_account"])
        ledger.post_many(
            [
                ledger.Posting(
                    kind="disbursement",
                    memo=f"{code} 发放 {line.payee_name}",
                    lines=ledger.pair(
                        accounts.PAYABLE,
                        accounts.IN_TRANSIT,
                        line.amount,
                        department_id=c.department_id,
                        claim_id=c.pk,
                    ),
                    claim_id=c.pk,
                    payment_id=line.pk,
                )
                for c, line in zip(claims, lines, strict=True)
            ],
            actor=actor,
            date=day,
        )
        audit.record(
            actor=actor,
            action="payment_batch.create",
            obj=batch,
            changes={
                "count": len(claims),
                "total": total,
                "claims": ids,
                "accounts_refreshed": refreshed,
                "held": dict(left_out),
            },
            summary=f"支付批次 {code}：{len(claims)} 笔 {total} 元"
            + (f"，暂缓支付未加入 {len(left_out)} 笔" if left_out else ""),
        )
        batch.left_out = left_out
        return batch


def _refresh_accounts(claims) -> dict[str, list[str]]:
    """Set each claim's payee account to the payee's current one (re-read now); returns the changes,
    masked, for the audit row: {claim id: [old, new]}."""
    owners = selectors.payee_owners(claims)
    changed = {}
    for c in claims:
        owner = owners.get(c.pk)
        if owner is None:
            continue
        current = payees.current_account(c.payee_kind, owner)
        if current != c.payee_account:
            changed[str(c.pk)] = [payees.mask(c.payee_account), payees.mask(current)]
            c.payee_account = current
    return changed


def _file_rows(batch: PaymentBatch):
    lines = list(batch.lines.select_related("claim__person").order_by("id"))
    for line in lines:
        claim = line.claim
        person = claim.person if claim.payee_kind == PERSON else None
        yield line, claim, person


def disbursement_csv(batch: PaymentBatch, *, full_ids: bool = True) -> str:
    """The disbursement file (docs/payments.md): API.md's five columns first, then payee kind, name,
    masked identity number and — in the file finance downloads — the full identity number, by which the
    card centre pays a person's citizen card. Organisations' lines leave the identity columns empty."""
    rows = (
        [
            line.key,
            line.payee_name,
            line.payee_account,
            f"{line.amount:.2f}",
            line.claim_id,
            claim.payee_kind,
            person.name if person else line.payee_name,
            person.id_masked if person else "",
            (crypto.decrypt(person.id_cipher) if full_ids else person.id_masked) if person else "",
        ]
        for line, claim, person in _file_rows(batch)
    )
    # Payee names are typed by people: csv_text keeps "=…" from reaching the bank's spreadsheet as a formula.
    return csv_text(rows, header=FILE_HEADER + CARD_CENTRE_COLUMNS)


def disbursement_file(*, actor, batch: PaymentBatch, bom: bool = True) -> bytes:
    """The file finance downloads for the card centre and the bank, with full identity numbers, so the
    download is an audited read of every full number in it. The page's download starts with a UTF-8 BOM
    so that Excel opens it; the API's (`bom=False`) starts with API.md's header exactly."""
    _finance(actor)
    text = disbursement_csv(batch)
    people = batch.lines.filter(claim__payee_kind=PERSON).values("claim__person_id").distinct().count()
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="payment_batch.file",
            obj=batch,
            changes={"lines": batch.count, "full_id_numbers": people},
            summary=f"下载支付文件 {batch.code}（含 {people} 人完整身份证号）",
        )
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def _parse_result(data: bytes, lines: dict[str, PaymentLine]) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleViolation("回盘文件应为 UTF-8 编码的 CSV 文件", field="file") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if any(h not in header for h in RESULT_HEADER):
        raise RuleViolation("回盘文件首行应为 key,status,reason（可另有 amount 列）", field="file")
    reader.fieldnames = header
    has_amount = "amount" in header
    errors, rows, seen, total_row = [], [], set(), None
    for n, raw in enumerate(reader, start=1):
        key = (raw.get("key") or "").strip()
        if key in TOTAL_KEYS:
            total_row = (n, raw)
            continue
        status = (raw.get("status") or "").strip().lower()
        if key not in lines:
            errors.append(FieldError(f"支付键 {key or '（空）'} 不属于本批次", field="key", row=n))
            continue
        if key in seen:
            errors.append(FieldError(f"支付键 {key} 在文件中重复出现", field="key", row=n))
        seen.add(key)
        if status not in ("paid", "failed"):
            errors.append(FieldError("状态应为 paid 或 failed", field="status", row=n))
        if has_amount:
            try:
                amount = Decimal((raw.get("amount") or "").strip())
            except InvalidOperation:
                amount = None
            if amount != lines[key].amount:
                errors.append(
                    FieldError(f"金额与支付文件不符（应为 {lines[key].amount:.2f}）", field="amount", row=n)
                )
        rows.append(
            {"row": n, "key": key, "status": status, "reason": (raw.get("reason") or "").strip()[:300]}
        )
    if total_row is not None:
        n, raw = total_row
        expected = sum((lines[r["key"]].amount for r in rows if r["key"] in lines), Decimal("0.00"))
        try:
            stated = Decimal((raw.get("amount") or raw.get("reason") or "").strip())
        except InvalidOperation:
            stated = None
        if stated != expected:
            errors.append(FieldError(f"合计金额与明细不符（明细合计 {expected:.2f}）", field="amount", row=n))
    if not rows and not errors:
        errors.append(FieldError("回盘文件没有明细行", field="file"))
    if errors:
        raise RuleViolation(errors)
    return rows


def payment_result_import(*, actor, batch: PaymentBatch, data: bytes, filename: str = "") -> dict:
    """Apply the bank's result file. Returns {paid, failed, unchanged, conflicts}; nothing is written when
    the file is refused, and nothing changes when it was already applied."""
    _finance(actor)
    digest = hashlib.sha256(data).hexdigest()
    day = today()
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        lines = {ln.key: ln for ln in PaymentLine.objects.select_for_update().filter(batch=batch)}
        rows = _parse_result(data, lines)
        summary = {"paid": 0, "failed": 0, "unchanged": 0, "conflicts": []}
        if ResultImport.objects.filter(batch=batch, sha256=digest).exists():
            summary["unchanged"] = len(rows)
            return summary
        claims = {
            c.pk: c
            for c in Claim.objects.select_for_update().filter(pk__in=[ln.claim_id for ln in lines.values()])
        }
        postings, reviews, changed_lines, changed_claims = [], [], [], []
        for r in rows:
            line = lines[r["key"]]
            if line.status != PaymentLine.Status.PENDING:
                summary["unchanged"] += 1
                if line.status != r["status"]:
                    summary["conflicts"].append(
                        f"第{r['row']}行 {line.key}：已记为{line.get_status_display()}，文件为 {r['status']}，未作更改"
                    )
                continue
            claim = claims[line.claim_id]
            line.status, line.resolved_on = r["status"], day
            if r["status"] == "paid":
                claim.status, claim.paid_on = S.PAID, day
                pair = ledger.pair(
                    accounts.IN_TRANSIT,
                    accounts.BANK,
                    line.amount,
                    department_id=claim.department_id,
                    claim_id=claim.pk,
                )
                kind, memo = "payment", f"{line.key} 支付成功"
                summary["paid"] += 1
            else:
                line.reason = r["reason"] or "银行未说明原因"
                claim.status = S.PAYMENT_FAILED
                pair = ledger.pair(
                    accounts.IN_TRANSIT,
                    accounts.PAYABLE,
                    line.amount,
                    department_id=claim.department_id,
                    claim_id=claim.pk,
                )
                kind, memo = "failure", f"{line.key} 支付失败退回：{line.reason}"
                summary["failed"] += 1
            claim.updated_at = timezone.now()
            postings.append(
                ledger.Posting(kind=kind, memo=memo, lines=pair, claim_id=claim.pk, payment_id=line.pk)
            )
            reviews.append(
                ClaimReview(
                    claim=claim, step="payment", decision=r["status"], reason=line.reason, actor=actor
                )
            )
            changed_lines.append(line)
            changed_claims.append(claim)
        PaymentLine.objects.bulk_update(changed_lines, ["status", "resolved_on", "reason"])
        Claim.objects.bulk_update(changed_claims, ["status", "paid_on", "updated_at"])
        ClaimReview.objects.bulk_create(reviews)
        ledger.post_many(postings, actor=actor, date=day)
        if not PaymentLine.objects.filter(batch=batch, status=PaymentLine.Status.PENDING).exists():
            batch.status = PaymentBatch.Status.SETTLED
            batch.save(update_fields=["status"])
        ResultImport.objects.create(
            batch=batch,
            sha256=digest,
            filename=filename[:200],
            rows=len(rows),
            paid=summary["paid"],
            failed=summary["failed"],
            unchanged=summary["unchanged"],
            imported_by=actor,
        )
        audit.record(
            actor=actor,
            action="payment_batch.result",
            obj=batch,
            changes=summary,
            summary=f"{batch.code} 回盘：成功 {summary['paid']}，失败 {summary['failed']}，未变 {summary['unchanged']}",
        )
        registry.announce("claims.paid", claim_ids=[c.pk for c in changed_claims if c.status == S.PAID])
        return summary


def payment_reissue(*, actor, claim_ids) -> int:
    """Failed payments go back to 待支付, to be paid by a new attempt in a later batch."""
    _finance(actor)
    ids = sorted({int(i) for i in claim_ids})
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update().filter(pk__in=ids).order_by("id"))
        wrong = [c for c in claims if c.status != S.PAYMENT_FAILED]
        if wrong or len(claims) != len(ids):
            raise StateConflict(
                "只有「支付失败」的申领可以重新发放：" + "、".join(f"#{c.pk}" for c in wrong[:20])
            )
        before = {c.pk: c.payee_account for c in claims}
        _refresh_accounts(claims)  # the reissue goes to the payee's current card or account
        for c in claims:
            c.status, c.updated_at = S.FINANCE_APPROVED, timezone.now()
        Claim.objects.bulk_update(claims, ["status", "updated_at", "payee_account"])
        ClaimReview.objects.bulk_create(
            [
                ClaimReview(
                    claim=c,
                    step="payment",
                    decision="reissue",
                    reason=_reissue_reason(before[c.pk], c),
                    actor=actor,
                )
                for c in claims
            ]
        )
        audit.record_many(
            actor=actor,
            action="payment.reissue",
            items=[
                (
                    c,
                    {"status": c.status}
                    | (
                        {"payee_account": [payees.mask(before[c.pk]), payees.mask(c.payee_account)]}
                        if before[c.pk] != c.payee_account
                        else {}
                    ),
                    f"支付失败，{_reissue_reason(before[c.pk], c)}",
                )
                for c in claims
            ],
        )
        return len(claims)


def _reissue_reason(old: str, claim: Claim) -> str:
    if old == claim.payee_account:
        return "按原账号重新发放"
    return f"重新发放至更正后的账号：{payees.account_display(claim.payee_kind, claim.payee_account)}"

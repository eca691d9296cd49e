"""The audit trail: every service write appends one row in its own transaction; rows form a hash chain.

`record()` must run inside the service's `transaction.atomic()`. It locks the chain head so concurrent
writers append one after another, and never leave a gap in `seq` (a gap would read as a deletion).
`verify()` walks the chain and names the first row that was edited, inserted or deleted.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from skillup.accounts.models import AuditEntry, AuditHead
from skillup.core import clock, context


def _canonical(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def normalise(changes: dict) -> dict:
    return json.loads(json.dumps(changes, default=_canonical, ensure_ascii=False, sort_keys=True))


def entry_hash(
    *,
    seq,
    prev_hash,
    at,
    actor_id,
    actor_name,
    action,
    object_type,
    object_id,
    changes,
    summary,
    request_id,
    business_date=None,
) -> str:
    fields = [
        seq,
        prev_hash,
        at.isoformat(),
        actor_id,
        actor_name,
        action,
        object_type,
        object_id,
        changes,
        summary,
        request_id,
    ]
    if business_date is not None:  # rows written before the field existed keep their hashes
        fields.append(business_date.isoformat())
    payload = json.dumps(
        fields,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=_canonical,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields that changed."""
    return {
        k: [before.get(k), after.get(k)]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


def _business_date():
    """The business date when SKILLUP_TODAY fixes it (else None: the real date is the business date)."""
    return clock.today() if getattr(settings, "SKILLUP_TODAY", "") else None


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    return {f: getattr(obj, f) for f in fields}


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    changes: dict | None = None,
    summary: str = "",
) -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the service's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    fields = {
        "seq": head.seq + 1,
        "prev_hash": head.hash,
        "at": timezone.now(),
        "actor_id": getattr(actor, "pk", None),
        "actor_name": getattr(actor, "username", "") or "system",
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "changes": normalise(changes or {}),
        "summary": summary[:300],
        "request_id": context.request_id.get(),
        "business_date": _business_date(),
    }
    digest = entry_hash(**fields)
    entry = AuditEntry.objects.create(hash=digest, **fields)
    head.seq, head.hash = entry.seq, digest
    head.save(update_fields=["seq", "hash"])
    return entry


def record_many(*, actor, action: str, items: list[tuple[models.Model, dict, str]]) -> int:
    """Append one row per (obj, changes, summary) under a single lock of the chain head: the same rows,
    hashes and chain as calling `record` once per item, for bulk actions of thousands of objects."""
    if not items:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many must run inside the service's transaction")
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    seq, prev = head.seq, head.hash
    at = timezone.now()
    actor_id = getattr(actor, "pk", None)
    actor_name = getattr(actor, "username", "") or "system"
    request_id = context.request_id.get()
    business_date = _business_date()
    rows = []
    for obj, changes, summary in items:
        seq += 1
        fields = {
            "seq": seq,
            "prev_hash": prev,
            "at": at,
            "actor_id": actor_id,
            "actor_name": actor_name,
            "action": action,
            "object_type": obj._meta.label_lower,
            "object_id": str(obj.pk),
            "changes": normalise(changes or {}),
            "summary": summary[:300],
            "request_id": request_id,
            "business_date": business_date,
        }
        prev = entry_hash(**fields)
        rows.append(AuditEntry(hash=prev, **fields))
    AuditEntry.objects.bulk_create(rows, batch_size=2000)
    head.seq, head.hash = seq, prev
    head.save(update_fields=["seq", "hash"])
    return len(rows)


@dataclass(frozen=True)
class Finding:
    seq: int
    problem: str  # "edited", "inserted" or "deleted"

    def __str__(self) -> str:
        labels = {"edited": "内容被篡改", "inserted": "是被插入的记录", "deleted": "处有记录被删除"}
        return f"审计记录 #{self.seq}：{labels[self.problem]}"


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)


def verify() -> Finding | None:
    """The first broken link of the chain, or None when the chain is whole."""
    prev_hash, expected_seq = "0" * 64, 1
    for e in _entries():
        recomputed = entry_hash(
            seq=e.seq,
            prev_hash=e.prev_hash,
            at=e.at,
            actor_id=e.actor_id,
            actor_name=e.actor_name,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            changes=e.changes,
            summary=e.summary,
            request_id=e.request_id,
            business_date=e.business_date,
        )
        link_ok = e.prev_hash == prev_hash and e.seq == expected_seq
        if recomputed != e.hash:
            # A row whose content no longer matches its hash: edited in place, or forged into the chain.
            return Finding(e.seq, "edited" if link_ok else "inserted")
        if not link_ok:
            # A row that is itself intact but does not follow its predecessor: either the rows before
            # it were removed (a gap in seq) or it was slipped in with a recomputed hash.
            return Finding(e.seq, "deleted" if e.seq > expected_seq else "inserted")
        prev_hash, expected_seq = e.hash, e.seq + 1
    head = AuditHead.objects.filter(pk=1).first()
    last = expected_seq - 1
    if head is not None and (head.seq != last or head.hash != prev_hash):
        # Rows past the recorded tip were appended behind the service's back; a tip past the last row
        # means the newest rows were deleted.
        return Finding(last, "inserted") if last > head.seq else Finding(head.seq, "deleted")
    return None

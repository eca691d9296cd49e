"""Signed checkpoints: the audit chain anchored outside the database (issue 10 item 8).

The hash chain shows an edited, inserted or deleted row, but not rows cut from the end together with the
head rolled back: what is left is a whole, shorter chain. A checkpoint — the chain's count and head hash
at a time, signed with the Ed25519 key AUDIT_SIGNING_KEY — is appended to AUDIT_CHECKPOINT_FILE (one JSON
line) and written to the log, i.e. kept where the database's owner cannot rewrite it (`chattr +a`, a log
server). `check()` holds the database to every valid checkpoint: the row at the checkpoint's count must
still exist and still have that hash. Lines that do not verify (bad signature, unknown key, garbled) are
ignored as anchors and reported.

Line format: {"v": 1, "count": N, "hash": "<sha256 hex>", "at": "<ISO time, Asia/Shanghai>",
"key_id": "<16 hex>", "sig": "<base64 Ed25519 signature of the other fields as sorted, compact JSON>"}.
The log line is the same JSON after the marker "audit-checkpoint ", so a shipped log can be checked too.
"""

import base64
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from skillup.accounts.models import AuditEntry, AuditHead

log = logging.getLogger("skillup.audit")
MARKER = "audit-checkpoint "
VERSION = 1
GENESIS = "0" * 64
REPORTED = 20  # problems named one by one; a rewrite deep in the past breaks every later checkpoint


def _b64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value.strip().replace("+", "-").replace("/", "_"))


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_b64(settings.AUDIT_SIGNING_KEY))


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(public_bytes(key)).hexdigest()[:16]


def trusted_keys() -> dict[str, Ed25519PublicKey]:
    """The current key's public half and the earlier keys' (AUDIT_PREVIOUS_PUBLIC_KEYS), by key id."""
    keys = [signing_key().public_key()]
    keys += [Ed25519PublicKey.from_public_bytes(_b64(k)) for k in settings.AUDIT_PREVIOUS_PUBLIC_KEYS]
    return {key_id(k): k for k in keys}


@dataclass(frozen=True)
class Checkpoint:
    count: int
    hash: str
    at: str
    key_id: str
    sig: str = ""
    line: int = 0  # where it was read (1-based), 0 when just made

    def signed_part(self) -> bytes:
        fields = {"v": VERSION, "count": self.count, "hash": self.hash, "at": self.at, "key_id": self.key_id}
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def to_json(self) -> str:
        fields = {"v": VERSION, "count": self.count, "hash": self.hash, "at": self.at, "key_id": self.key_id}
        return json.dumps({**fields, "sig": self.sig}, sort_keys=True, separators=(",", ":"))

    def __str__(self) -> str:
        where = f"第 {self.line} 行，" if self.line else ""
        return f"检查点（{where}{self.at}，共 {self.count} 条，密钥 {self.key_id}）"


@dataclass
class Report:
    checkpoints: list[Checkpoint] = field(default_factory=list)  # the valid ones, in file order
    ignored: list[str] = field(default_factory=list)  # lines that do not verify, with why
    problems: list[str] = field(default_factory=list)  # where the database breaks a valid checkpoint

    @property
    def latest(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None


class CheckpointRefused(Exception):
    """The database no longer matches an earlier checkpoint: anchoring it now would hide the cut."""


def read(path: Path | None = None) -> tuple[list[Checkpoint], list[str]]:
    """Valid checkpoints and the reasons other lines were ignored. A missing file has none."""
    path = Path(path or settings.AUDIT_CHECKPOINT_FILE)
    if not path.exists():
        return [], []
    keys = trusted_keys()
    valid, ignored = [], []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            text = text.strip()
            if MARKER in text:
                text = text.split(MARKER, 1)[1]
            if not text:
                continue
            cp, why = _parse(text, number, keys)
            if cp is None:
                ignored.append(f"检查点文件第 {number} 行已忽略：{why}")
            else:
                valid.append(cp)
    return valid, ignored


def _parse(text: str, number: int, keys: dict) -> tuple[Checkpoint | None, str]:
    try:
        data = json.loads(text)
        cp = Checkpoint(
            count=int(data["count"]),
            hash=str(data["hash"]),
            at=str(data["at"]),
            key_id=str(data["key_id"]),
            sig=str(data["sig"]),
            line=number,
        )
        if data.get("v") != VERSION or cp.count < 0:
            return None, "格式无法识别"
        signature = _b64(cp.sig)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, "格式无法识别"
    key = keys.get(cp.key_id)
    if key is None:
        return None, f"签名密钥 {cp.key_id[:16]} 不在受信任的密钥中"
    try:
        key.verify(signature, cp.signed_part())
    except InvalidSignature:
        return None, "签名无效（内容被改动或伪造）"
    return cp, ""


def check(path: Path | None = None) -> Report:
    """Hold the database to every valid checkpoint: the chain is at least as long, and the row at each
    checkpoint's count still has the hash it had."""
    checkpoints, ignored = read(path)
    report = Report(checkpoints=checkpoints, ignored=ignored)
    if not checkpoints:
        return report
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    wanted = sorted({cp.count for cp in checkpoints if 0 < cp.count <= last})
    hashes = {}
    for start in range(0, len(wanted), 900):
        hashes.update(
            AuditEntry.objects.filter(seq__in=wanted[start : start + 900]).values_list("seq", "hash")
        )
    for cp in checkpoints:
        if cp.count > last:
            report.problems.append(
                f"审计日志被截断：{cp}，数据库现只有 {last} 条，#{last + 1} 至 #{cp.count} 缺失"
            )
        elif cp.count == 0:
            continue
        elif cp.count not in hashes:
            report.problems.append(f"审计记录 #{cp.count} 缺失：{cp}")
        elif hashes[cp.count] != cp.hash:
            report.problems.append(f"审计记录 #{cp.count} 与{cp}不符：该处之前的链已被改写")
    if len(report.problems) > REPORTED:
        rest = len(report.problems) - REPORTED
        report.problems[REPORTED:] = [f"另有 {rest} 个检查点与数据库不符"]
    return report


def checkpoint_write(*, path: Path | None = None) -> Checkpoint:
    """Sign the chain's current count and head hash, append it to the file and the log. Refused (and
    logged as an error) when the database already breaks an earlier checkpoint or its head."""
    path = Path(path or settings.AUDIT_CHECKPOINT_FILE)
    report = check(path)
    for why in report.ignored:
        log.warning("audit checkpoint file: %s", why)
    if report.problems:
        log.error("audit checkpoint refused: %s", "; ".join(report.problems))
        raise CheckpointRefused("；".join(report.problems))
    with transaction.atomic():
        # The head's lock holds appends back for a moment, so count and hash belong together.
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        row = AuditEntry.objects.filter(seq=head.seq).values_list("hash", flat=True).first()
        last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    if (head.seq and row != head.hash) or last != head.seq or (not head.seq and head.hash != GENESIS):
        message = (
            f"审计链头（#{head.seq}）与最后一条记录（#{last}）不符，未写检查点；请运行 skillup audit-verify"
        )
        log.error("audit checkpoint refused: %s", message)
        raise CheckpointRefused(message)
    key = signing_key()
    cp = Checkpoint(
        count=head.seq,
        hash=head.hash,
        at=timezone.localtime().isoformat(timespec="seconds"),
        key_id=key_id(key.public_key()),
    )
    cp = replace(cp, sig=b64(key.sign(cp.signed_part())))
    line = cp.to_json()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Opened for appending only: every write goes to the end, even if the file is shared (O_APPEND).
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    log.info(MARKER + line)
    return cp

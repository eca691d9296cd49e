"""Evidence scans: the bytes decide the type (PDF, JPEG, PNG), at most 10 MB, stored under MEDIA_ROOT with
a random name (never the uploader's), served only through the scoped view."""

from pathlib import Path

from skillup.certificates import rules
from skillup.core import uploads
from skillup.core.errors import RuleViolation

MAGIC = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
FOLDER = "certificates"


def read_upload(upload) -> tuple[bytes, str, str]:
    """(content, content type, original name) of an upload (a Django UploadedFile or bytes), or a
    RuleViolation on the `evidence` field."""
    limit = rules.evidence_rules()["max_bytes"]
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise RuleViolation(f"扫描件不能超过 {limit // 1024 // 1024} MB", field="evidence")
    content = upload if isinstance(upload, bytes) else upload.read(limit + 1)
    if not content:
        raise RuleViolation("扫描件是空文件", field="evidence")
    if len(content) > limit:
        raise RuleViolation(f"扫描件不能超过 {limit // 1024 // 1024} MB", field="evidence")
    for magic, content_type, _ext in MAGIC:
        if content.startswith(magic) and content_type in rules.evidence_rules()["types"]:
            return content, content_type, str(name)[-200:]
    raise RuleViolation(
        "扫描件只能是 PDF、JPEG 或 PNG 文件（按文件内容识别，改扩展名无效）", field="evidence"
    )


def _ext(content_type: str) -> str:
    return next(ext for _m, t, ext in MAGIC if t == content_type)


def path_of(stored_name: str) -> Path:
    return uploads.path_of(FOLDER, stored_name)


def write(content: bytes, content_type: str) -> tuple[str, str]:
    """Writes the file under a random name; returns (stored name, sha256)."""
    return uploads.store(FOLDER, content, _ext(content_type))


def remove(stored_name: str) -> None:
    uploads.remove(FOLDER, stored_name)

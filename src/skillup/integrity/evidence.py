"""Case evidence files (issue 11 item 4): documents, photos, spreadsheets and recordings of interviews
and on-site checks. The bytes decide the type (core/uploads.py), at most 10 MB, stored under
MEDIA_ROOT/integrity with a random name and served only through the case's scoped download."""

from skillup.core import uploads
from skillup.core.errors import FieldError, RuleViolation

FOLDER = "integrity"
MAX_BYTES = 10 * 1024 * 1024
KINDS = (uploads.PDF, uploads.JPEG, uploads.PNG, uploads.XLSX, uploads.DOCX, uploads.MP3, uploads.M4A)
TYPES = "、".join(k.label for k in KINDS)


def _refuse(message: str) -> RuleViolation:
    return RuleViolation([FieldError(message, field="file", label="证据文件")])


def read(upload) -> tuple[bytes, uploads.Kind, str]:
    """(content, kind, original name) of an upload, or a RuleViolation saying what to do; nothing is
    written before this passes."""
    if upload is None:
        raise _refuse("请选择要上传的证据文件")
    content = uploads.read_capped(upload, MAX_BYTES)
    if content is None:
        raise _refuse(f"证据文件不能超过 {MAX_BYTES // 1024 // 1024} MB，请压缩或分开上传")
    if not content:
        raise _refuse("证据文件是空文件，请重新选择")
    kind = uploads.sniff(content)
    if kind not in KINDS:
        raise _refuse(f"证据文件只能是 {TYPES}（按文件内容识别，改扩展名无效）")
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return content, kind, name[-200:] or f"证据.{kind.ext}"


def store(content: bytes, kind: uploads.Kind) -> tuple[str, str]:
    return uploads.store(FOLDER, content, kind.ext)


def remove(stored_name: str) -> None:
    uploads.remove(FOLDER, stored_name)


def path_of(stored_name: str):
    return uploads.path_of(FOLDER, stored_name)

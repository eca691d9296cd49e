"""Files kept as evidence (certificate scans, case evidence): the bytes decide the type, never the name;
a size limit; stored under MEDIA_ROOT/<folder> with a random name (never the uploader's); a sha256 kept
with the row; read back only through a scoped view (`file_response`).

Each app says which kinds it takes and how big; this module only knows how to recognise and keep them.
"""

import hashlib
import io
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse


@dataclass(frozen=True)
class Kind:
    content_type: str
    ext: str
    label: str


PDF = Kind("application/pdf", "pdf", "PDF")
JPEG = Kind("image/jpeg", "jpg", "JPG 图片")
PNG = Kind("image/png", "png", "PNG 图片")
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel（xlsx）")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word（docx）")
MP3 = Kind("audio/mpeg", "mp3", "MP3 录音")
M4A = Kind("audio/mp4", "m4a", "M4A 录音")
KINDS = (PDF, JPEG, PNG, XLSX, DOCX, MP3, M4A)
# The ISO media brands of audio recordings (a phone's voice memo is M4A; some write mp42 or isom).
AUDIO_BRANDS = (b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2")


def _office(content: bytes) -> Kind | None:
    """An Office Open XML file is a zip with its content-types part and its main part; only the names are
    read, nothing is unpacked."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return None


def _mp3_frame(head: bytes) -> bool:
    """An MPEG audio frame header: 11 sync bits, a version that is not reserved, a layer that is not."""
    return (
        len(head) >= 2
        and head[0] == 0xFF
        and head[1] & 0xE0 == 0xE0
        and (head[1] >> 3) & 0x3 != 1
        and (head[1] >> 1) & 0x3 != 0
    )


def sniff(content: bytes) -> Kind | None:
    """The kind of file these bytes are, or None when they are none of the known kinds."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"PK\x03\x04"):
        return _office(content)
    if content.startswith(b"ID3") or _mp3_frame(content[:2]):
        return MP3
    if content[4:8] == b"ftyp" and content[8:12] in AUDIO_BRANDS:
        return M4A
    return None


def read_capped(upload, limit: int) -> bytes | None:
    """The upload's bytes (a Django UploadedFile or bytes), or None when it is larger than `limit`."""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        return None
    content = upload if isinstance(upload, bytes) else upload.read(limit + 1)
    return None if len(content) > limit else content


def path_of(folder: str, stored_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / folder / stored_name


def store(folder: str, content: bytes, ext: str) -> tuple[str, str]:
    """Writes the file under a random name in MEDIA_ROOT/<folder>; returns (stored name, sha256)."""
    stored = f"{secrets.token_hex(16)}.{ext}"
    target = path_of(folder, stored)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as out:
        out.write(content)
    return stored, hashlib.sha256(content).hexdigest()


def remove(folder: str, stored_name: str) -> None:
    path_of(folder, stored_name).unlink(missing_ok=True)


def file_response(path: Path, content_type: str, download_name: str, *, inline: bool = False) -> HttpResponse:
    """The stored file for a scoped view: never cached, never sniffed by the browser as something else."""
    response = HttpResponse(path.read_bytes(), content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""Backups (issue 10 item 10): one .tar holding the database, MEDIA_ROOT and a manifest.

The archive carries personal data but never a key: the manifest names the keys by fingerprint
(`registry.crypto.fingerprint`) and is signed with a key derived from LOOKUP_HASH_KEY, so a restore can
tell "wrong keys" from "tampered archive" before it changes anything. Layout:

    database.sqlite3 | database.pgdump    the database (see core.backup_db)
    media/<path>                         every file under MEDIA_ROOT (certificate scans)
    manifest.json                        last: an archive cut short has none and is refused

The manifest: created time and by whom, the code's version, the database engine with the dump's SHA-256,
row counts (audit, claims, people, journal, …), the audit chain's head and the applied migrations, each
media file's SHA-256, and the key fingerprints. core.restore reads it back.
"""

import datetime as dt
import getpass
import hashlib
import io
import json
import os
import re
import socket
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from skillup.core import backup_db
from skillup.registry import crypto

FORMAT = "skillup-backup/1"
MANIFEST = "manifest.json"
NAME = re.compile(r"^skillup-\d{8}-\d{6}\.tar$")
CHUNK = 1024 * 1024


class BackupRefused(Exception):
    """A backup or restore that must not go ahead; the message is for the operator."""


def _canonical(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature(manifest: dict) -> str:
    return crypto.keyed_digest(
        "backup manifest", _canonical({k: v for k, v in manifest.items() if k != "mac"})
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _blank(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


class _Hashing:
    """A file object that hashes what tarfile reads from it."""

    def __init__(self, f):
        self.f, self.digest = f, hashlib.sha256()

    def read(self, size=-1):
        data = self.f.read(size)
        self.digest.update(data)
        return data


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files() -> list[tuple[str, Path]]:
    root = media_root()
    if not root.is_dir():
        return []
    files = [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
    return sorted((p.relative_to(root).as_posix(), p) for p in files)


def default_folder() -> Path:
    return Path(os.environ.get("SKILLUP_BACKUP_DIR") or Path(settings.VAR_DIR) / "backups")


def backup_create(*, output: Path | None = None) -> tuple[Path, dict]:
    """Writes the archive (`output` ending in .tar, else into that folder, by default SKILLUP_BACKUP_DIR or
    var/backups, named skillup-YYYYmmdd-HHMMSS.tar) and records one audit row.
    Returns (archive path, manifest)."""
    created = timezone.localtime()
    if output is None or output.suffix != ".tar":  # a folder: the archive is named by the time
        output = (output or default_folder()) / f"skillup-{created:%Y%m%d-%H%M%S}.tar"
    if output.exists():
        raise BackupRefused(f"备份文件已存在：{output}")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=output.parent, prefix=".skillup-backup-") as scratch:
            db_file, facts = backup_db.dump(Path(scratch))
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data: owner only
            with (
                os.fdopen(fd, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar,
            ):
                tar.add(db_file, arcname=db_file.name, filter=_blank)
                media = {}
                # After the database: every scan the dump names was written before it (scans are write-once).
                for rel, path in media_files():
                    with open(path, "rb") as f:
                        info = _blank(tar.gettarinfo(fileobj=f, arcname=f"media/{rel}"))
                        hashing = _Hashing(f)
                        tar.addfile(info, hashing)
                    media[rel] = {"sha256": hashing.digest.hexdigest(), "size": info.size}
                manifest = {
                    "format": FORMAT,
                    "created": created.isoformat(),
                    "created_by": f"{_os_user()}@{socket.gethostname()}",
                    "version": _version(),
                    "database": {
                        "vendor": backup_db.vendor(),
                        "file": db_file.name,
                        "sha256": sha256_of(db_file),
                        "size": db_file.stat().st_size,
                    },
                    **facts,
                    "media": media,
                    "keys": crypto.key_fingerprints(),
                }
                manifest["mac"] = signature(manifest)
                body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = _blank(tarfile.TarInfo(MANIFEST))
                info.size, info.mtime = len(body), int(created.timestamp())
                tar.addfile(info, io.BytesIO(body))
    except BaseException:
        partial.unlink(missing_ok=True)  # never leave half an archive behind
        raise
    partial.replace(output)
    audit_row(
        "system.backup",
        output,
        f"数据库与附件备份 {output.name}（审计 {facts['counts']['audit_entries']} 条，"
        f"申领 {facts['counts']['claims']} 条，附件 {len(media)} 个）",
    )
    return output, manifest


def prune(folder: Path, keep: int) -> list[Path]:
    """Deletes all but the newest `keep` archives named skillup-YYYYmmdd-HHMMSS.tar in folder."""
    archives = sorted(p for p in folder.iterdir() if NAME.match(p.name))
    doomed = archives[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return f"uid {os.getuid()}"


def _version() -> str:
    try:
        return metadata.version("skillup")
    except metadata.PackageNotFoundError:
        return "unknown"


def audit_row(action: str, archive: Path, summary: str) -> None:
    from skillup.accounts import audit

    with transaction.atomic():
        audit.record(
            actor=None,
            action=action,
            object_type="backup",
            object_id=archive.name,
            changes={"archive": [None, str(archive)], "by": [None, _os_user()]},
            summary=summary,
        )


def describe(manifest: dict) -> str:
    counts = manifest.get("counts", {})
    created = dt.datetime.fromisoformat(manifest["created"]) if manifest.get("created") else None
    return (
        f"{manifest['database']['vendor']} 备份，{created:%Y-%m-%d %H:%M:%S}，"
        f"审计 {counts.get('audit_entries')} 条（链头 #{manifest['audit_head']['seq']}），"
        f"申领 {counts.get('claims')} 条，人员 {counts.get('people')} 人，附件 {len(manifest.get('media', {}))} 个"
    )

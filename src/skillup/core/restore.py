"""Restore from a `skillup backup` archive (issue 10 item 10); see core.backup for the layout.

Checks, in this order and before anything changes: format, keys (by fingerprint), the manifest's
signature, database engine, migrations known to this code, an empty target (unless force), then every
member's SHA-256 while it is extracted to a scratch folder beside MEDIA_ROOT. Only then is the database
replaced and the media folder swapped in; the restored counts and audit head are compared with the
manifest, and each certificate scan with its recorded SHA-256.
"""

import hashlib
import hmac
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from skillup.core import backup_db
from skillup.core.backup import (
    CHUNK,
    FORMAT,
    MANIFEST,
    BackupRefused,
    audit_row,
    media_files,
    media_root,
    sha256_of,
    signature,
)
from skillup.registry import crypto


@dataclass
class RestoreReport:
    manifest: dict
    replaced_media: Path | None = None
    problems: list[str] = field(default_factory=list)
    unapplied_migrations: list[str] = field(default_factory=list)


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupRefused("不是完整的 SkillUp 备份：缺少 manifest.json（备份可能中途中断）") from None
    except tarfile.TarError as exc:
        raise BackupRefused(f"备份文件已损坏（{exc}）：可能没有完整复制") from None
    try:
        manifest = json.loads(tar.extractfile(member).read())
    except (ValueError, AttributeError):
        raise BackupRefused("manifest.json 无法解析：备份文件已损坏") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(f"备份格式不是 {FORMAT}，本版本无法恢复")
    return manifest


def check_keys(manifest: dict) -> None:
    """The configured keys must be those the backup's data was written with (compared by fingerprint)."""
    recorded = manifest.get("keys") or {}
    current = crypto.key_fingerprints()
    problems = []
    if recorded.get("lookup_hash") != current["lookup_hash"]:
        problems.append(
            f"LOOKUP_HASH_KEY 与备份时不同（备份指纹 {recorded.get('lookup_hash')}，"
            f"当前 {current['lookup_hash']}）：按身份证号将查不到任何人"
        )
    missing = [fp for fp in recorded.get("field_encryption", []) if fp not in current["field_encryption"]]
    if missing:
        problems.append(
            f"FIELD_ENCRYPTION_KEY 缺少备份时的密钥（指纹 {'、'.join(missing)}）：身份证号将无法解密"
        )
    if problems:
        raise BackupRefused(
            "密钥与备份不符，未做任何改动。"
            + "；".join(problems)
            + "。请配置备份时的密钥后重试（见 docs/operations.md “Where the keys live”）。"
        )


def _check_signature(manifest: dict) -> None:
    mac = manifest.get("mac")
    if not isinstance(mac, str) or not hmac.compare_digest(mac.encode(), signature(manifest).encode()):
        raise BackupRefused("备份清单的签名不符：manifest.json 被改动过，拒绝恢复，未做任何改动")


def _check_compatible(manifest: dict) -> None:
    recorded = (manifest.get("database") or {}).get("vendor")
    if recorded != backup_db.vendor():
        raise BackupRefused(
            f"备份来自 {recorded} 数据库，当前配置的是 {backup_db.vendor()}（DATABASE_URL），无法恢复"
        )
    known = {
        f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    unknown = sorted(set(manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupRefused(
            f"备份来自更新的版本（含本版本没有的迁移 {'、'.join(unknown[:5])}），请用相同或更新版本的代码恢复"
        )


def _check_target(force: bool) -> None:
    holding = backup_db.holding()
    media = media_files()
    if force or not (holding or media):
        return
    parts = [f"{backup_db.LABELS[label]} {n} 行" for label, n in holding.items()]
    if media:
        parts.append(f"{media_root()} 下 {len(media)} 个文件")
    raise BackupRefused(
        "目标不是空的（" + "，".join(parts) + "），未做任何改动。恢复到新数据库，或确认要覆盖后加 --force"
    )


def _safe(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts or str(path) != rel:
        raise BackupRefused(f"备份中的文件名不安全：{rel!r}")
    return path


def _extract(tar: tarfile.TarFile, manifest: dict, scratch: Path | None) -> tuple[Path, Path] | None:
    """Copies every listed member into scratch (or only reads it, without scratch), checking its SHA-256;
    refuses anything unlisted, doubled, missing or not a plain file."""
    database = manifest.get("database") or {}
    expected = {database.get("file"): database.get("sha256")}
    expected |= {
        f"media/{_safe(rel)}": item.get("sha256") for rel, item in (manifest.get("media") or {}).items()
    }
    if database.get("file") not in ("database.sqlite3", "database.pgdump"):
        raise BackupRefused("备份清单没有数据库文件")
    seen = set()
    for member in tar.getmembers():
        if member.name == MANIFEST:
            continue
        if member.name not in expected or member.name in seen or not member.isreg():
            raise BackupRefused(f"备份中有清单之外或重复的内容：{member.name}，拒绝恢复，未做任何改动")
        seen.add(member.name)
        digest = hashlib.sha256()
        with tar.extractfile(member) as src, _sink(scratch, member.name) as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != expected[member.name]:
            raise BackupRefused(
                f"{member.name} 的 SHA-256 与清单不符：备份被改动或损坏，拒绝恢复，未做任何改动"
            )
    absent = sorted(set(expected) - seen)
    if absent:
        raise BackupRefused(f"备份缺少清单中的文件：{'、'.join(absent[:5])}，拒绝恢复，未做任何改动")
    if scratch is None:
        return None
    (scratch / "media").mkdir(exist_ok=True)
    return scratch / database["file"], scratch / "media"


def _sink(scratch: Path | None, name: str):
    if scratch is None:
        return open(os.devnull, "wb")
    target = scratch / name
    target.parent.mkdir(parents=True, exist_ok=True)
    return open(target, "wb")


def _open(archive: Path) -> tarfile.TarFile:
    if not archive.is_file():
        raise BackupRefused(f"找不到备份文件：{archive}")
    try:
        return tarfile.open(archive, mode="r:")
    except tarfile.TarError:
        raise BackupRefused(f"{archive} 不是 tar 归档：备份文件已损坏") from None


def backup_check(*, archive: Path) -> dict:
    """Every check a restore makes on the archive and the keys, without changing anything."""
    with _open(archive) as tar:
        manifest = read_manifest(tar)
        check_keys(manifest)
        _check_signature(manifest)
        try:
            _extract(tar, manifest, None)
        except tarfile.TarError as exc:
            raise BackupRefused(f"备份文件已损坏：{exc}") from None
    return manifest


def _swap_media(restored: Path) -> Path | None:
    root = media_root()
    replaced = None
    if root.exists():
        if any(root.iterdir()):
            replaced = root.with_name(f"{root.name}.before-restore-{timezone.localtime():%Y%m%d-%H%M%S}")
            root.rename(replaced)
        else:
            root.rmdir()
    shutil.move(str(restored), str(root))
    return replaced


def _verify(manifest: dict) -> list[str]:
    from skillup.certificates import evidence as evidence_files
    from skillup.certificates.models import Evidence

    problems = []
    facts = backup_db.current_facts()
    for label, n in (manifest.get("counts") or {}).items():
        if (found := facts["counts"].get(label)) != n:
            problems.append(f"{backup_db.LABELS.get(label, label)}：恢复后 {found} 行，备份时 {n} 行")
    if facts["audit_head"] != manifest.get("audit_head"):
        problems.append("审计链头与备份时不同")
    for ev in Evidence.objects.only("stored_name", "sha256").iterator():
        path = evidence_files.path_of(ev.stored_name)
        if not path.is_file():
            problems.append(f"证书扫描件 {ev.stored_name} 缺失")
        elif sha256_of(path) != ev.sha256:
            problems.append(f"证书扫描件 {ev.stored_name} 的 SHA-256 与记录不符")
    return problems


def _unapplied() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def backup_restore(*, archive: Path, force: bool = False) -> RestoreReport:
    """Replaces the configured database and MEDIA_ROOT with the archive's, after every check passed.
    Stop the web and worker processes first."""
    with _open(archive) as tar:
        manifest = read_manifest(tar)
        check_keys(manifest)
        _check_signature(manifest)
        _check_compatible(manifest)
        _check_target(force)
        media_parent = media_root().parent
        media_parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=media_parent, prefix=".skillup-restore-") as scratch:
            try:
                db_file, media = _extract(tar, manifest, Path(scratch))
            except tarfile.TarError as exc:
                raise BackupRefused(f"备份文件已损坏：{exc}") from None
            backup_db.load(db_file)
            report = RestoreReport(manifest=manifest, replaced_media=_swap_media(media))
    report.problems = _verify(manifest)
    report.unapplied_migrations = _unapplied()
    if not report.problems:
        created = manifest.get("created", "")
        audit_row("system.restore", archive, f"从备份 {archive.name}（{created}）恢复数据库与附件")
    return report

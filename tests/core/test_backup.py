"""Issue 10 item 10: `skillup backup` and `skillup restore`. Real data is built through the services (the
cast, two claims paid through the fund, a scan waiting for verification), backed up from the test
database, restored into a FRESH database by the CLI in another process, and checked there with
`audit-verify`, `books-verify` and the test suite's own books check. Restore refuses a tampered archive,
wrong keys and a non-empty target, and changes nothing when it does."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile

from skillup.accounts.models import AuditEntry
from skillup.core import backup, restore
from skillup.registry import crypto
from skillup.subsidies.models import Claim
from skillup.subsidies.services import claim_apply
from tests.certificates.conftest import PNG
from tests.databases import throwaway_database_url
from tests.subsidies.factories import advance, claims_for_class, paid_batch

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)  # committed rows: the dump runs beside the test


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def district(cast, media):
    """Two claims paid through the fund and a trainee's claim waiting with its certificate scan."""
    paid_batch(cast, advance(cast, claims_for_class(cast, people=2)))
    cast.trainee_person.citizen_card = "330600001234"
    cast.trainee_person.save()
    claim_apply(
        actor=cast.trainee,
        scheme="skill_promotion_bonus",
        department=cast.department,
        entitlement_date=dt.date(2021, 3, 1),
        facts={"level": "技师", "certificate_no": "NOPE-1"},
        evidence=SimpleUploadedFile("scan.png", PNG),
    )
    assert Claim.objects.filter(status=Claim.Status.PAID).count() == 2
    assert len(list(media.rglob("*.png"))) == 1
    return cast


def _cli(args, env, timeout=180):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


def _env_for(url, media_root, settings):
    """Another process with the same keys as this one, on another database and media folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    return env | {
        "DEBUG": "1",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media_root),
        "SKILLUP_VAR_DIR": str(media_root.parent / "var"),
        "FIELD_ENCRYPTION_KEY": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "LOOKUP_HASH_KEY": settings.LOOKUP_HASH_KEY,
    }


INSPECT = """
import json, os, sys
sys.path[:0] = [os.getcwd(), os.path.join(os.getcwd(), "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillup.settings")
import django
django.setup()
from tests.fund.books import assert_books_balance
assert_books_balance()
from skillup.registry import crypto
from skillup.registry.models import Person
from skillup.subsidies.models import Claim
person = Person.objects.get(id_hash=crypto.lookup_hash(sys.argv[1]))
print(json.dumps({"name": person.name, "id": crypto.decrypt(person.id_cipher),
                  "paid": Claim.objects.filter(status="paid").count()}, ensure_ascii=False))
"""


def test_a_backup_restores_into_a_fresh_database_where_the_audit_chain_and_the_books_hold(
    district, settings, tmp_path
):

    trainee_id = crypto.decrypt(district.trainee_person.id_cipher)
    archive, manifest = backup.backup_create(output=tmp_path / "backups")
    assert archive.name.startswith("skillup-") and oct(archive.stat().st_mode)[-3:] == "600"
    assert manifest["counts"]["claims"] == 3 and manifest["counts"]["evidence"] == 1
    assert manifest["counts"]["audit_entries"] == AuditEntry.objects.count() - 1  # + the backup's own row
    assert AuditEntry.objects.order_by("-seq").first().action == "system.backup"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        raw = tar.extractfile("manifest.json").read().decode()
    assert names[-1] == "manifest.json" and any(n.startswith("media/certificates/") for n in names)
    for key in [*settings.FIELD_ENCRYPTION_KEYS, settings.LOOKUP_HASH_KEY]:
        assert key not in raw  # fingerprints only, never a key

    restored_media = tmp_path / "restored" / "media"
    with throwaway_database_url(tmp_path) as url:
        env = _env_for(url, restored_media, settings)
        result = _cli(["restore", str(archive)], env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "已恢复" in result.stdout
        verified = _cli(["audit-verify"], env)
        assert verified.returncode == 0 and "审计日志完整" in verified.stdout, (
            verified.stdout + verified.stderr
        )
        books = _cli(["books-verify"], env)
        assert books.returncode == 0 and "账簿平衡" in books.stdout, books.stdout + books.stderr
        inspect = subprocess.run(
            [sys.executable, "-c", INSPECT, trainee_id], capture_output=True, text=True, env=env, cwd=ROOT
        )
        assert inspect.returncode == 0, inspect.stderr
        assert json.loads(inspect.stdout) == {"name": "王小明", "id": trainee_id, "paid": 2}
        [scan] = restored_media.rglob("*.png")
        assert scan.read_bytes() == PNG

        again = _cli(["restore", str(archive)], env)
        assert again.returncode != 0 and "目标不是空的" in again.stderr  # the restore added rows
        forced = _cli(["restore", str(archive), "--force"], env)
        assert forced.returncode == 0, forced.stdout + forced.stderr
        assert "原 MEDIA_ROOT 已移到" in forced.stdout
        assert _cli(["audit-verify"], env).returncode == 0


def _rewrite(archive: Path, out: Path, change) -> Path:
    """A copy of the archive with change(name, bytes) -> bytes | None applied to each member."""
    with tarfile.open(archive) as src, tarfile.open(out, "w") as dst:
        for member in src.getmembers():
            data = change(member.name, src.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return out


def _unchanged(before_rows, media):
    assert AuditEntry.objects.count() == before_rows
    assert len(list(media.rglob("*.png"))) == 1


@pytest.fixture
def archive(district, tmp_path):
    path, _ = backup.backup_create(output=tmp_path / "b.tar")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda n, d: d + b"x" if n.startswith("media/") else d, "SHA-256 与清单不符"),
        (lambda n, d: d.replace(b'"claims": 3', b'"claims": 4') if n == "manifest.json" else d, "签名不符"),
        (lambda n, d: None if n.startswith("media/") else d, "缺少清单中的文件"),
        (lambda n, d: None if n == "manifest.json" else d, "缺少 manifest.json"),
    ],
    ids=["a-scan-edited", "manifest-edited", "a-scan-removed", "no-manifest"],
)
def test_restore_refuses_a_tampered_archive_and_changes_nothing(archive, media, tmp_path, change, message):
    tampered = _rewrite(archive, tmp_path / "t.tar", change)
    rows = AuditEntry.objects.count()
    with pytest.raises(backup.BackupRefused, match=message):
        restore.backup_check(archive=tampered)
    with pytest.raises(backup.BackupRefused, match=message):
        restore.backup_restore(archive=tampered, force=True)
    _unchanged(rows, media)


def test_restore_refuses_an_extra_member_and_a_truncated_archive(archive, media, tmp_path):
    extra = tmp_path / "extra.tar"
    extra.write_bytes(archive.read_bytes())
    with tarfile.open(extra, "a") as tar:
        info = tarfile.TarInfo("media/../../evil.sh")
        tar.addfile(info, io.BytesIO(b""))
    rows = AuditEntry.objects.count()
    with pytest.raises(backup.BackupRefused, match="清单之外"):
        restore.backup_restore(archive=extra, force=True)
    cut = tmp_path / "cut.tar"
    cut.write_bytes(archive.read_bytes()[:4096])
    with pytest.raises(backup.BackupRefused):
        restore.backup_restore(archive=cut, force=True)
    _unchanged(rows, media)
    assert not (tmp_path / "evil.sh").exists()


def test_restore_refuses_wrong_keys_and_names_which(archive, media, settings):
    rows = AuditEntry.objects.count()
    original = list(settings.FIELD_ENCRYPTION_KEYS), settings.LOOKUP_HASH_KEY
    settings.LOOKUP_HASH_KEY = "another-lookup-key-" * 3
    with pytest.raises(backup.BackupRefused, match="LOOKUP_HASH_KEY 与备份时不同") as refused:
        restore.backup_restore(archive=archive, force=True)
    assert "FIELD_ENCRYPTION_KEY" not in str(refused.value)
    settings.LOOKUP_HASH_KEY = original[1]
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(backup.BackupRefused, match="FIELD_ENCRYPTION_KEY 缺少备份时的密钥"):
        restore.backup_restore(archive=archive, force=True)
    _unchanged(rows, media)
    # A new first key beside the backup's (a rotation under way) still decrypts everything: accepted.
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *original[0]]
    assert restore.backup_check(archive=archive)["counts"]["claims"] == 3


def test_restore_refuses_a_target_that_holds_data_unless_forced(archive, media):
    rows = AuditEntry.objects.count()
    with pytest.raises(backup.BackupRefused, match="目标不是空的.*--force"):
        restore.backup_restore(archive=archive)
    _unchanged(rows, media)


def test_backup_keeps_only_the_newest_archives_when_asked(tmp_path):
    for stamp in ("20210101-020000", "20210102-020000", "20210103-020000"):
        (tmp_path / f"skillup-{stamp}.tar").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("kept")
    removed = backup.prune(tmp_path, keep=2)
    assert [p.name for p in removed] == ["skillup-20210101-020000.tar"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notes.txt",
        "skillup-20210102-020000.tar",
        "skillup-20210103-020000.tar",
    ]


def test_the_backup_command_reports_what_it_wrote(district, tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "nightly"), "--keep", "7", stdout=out)
    [archive] = (tmp_path / "nightly").glob("skillup-*.tar")
    assert f"已备份到 {archive}" in out.getvalue()
    assert "申领 3 条" in out.getvalue() and "附件 1 个" in out.getvalue()
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "备份完整，密钥匹配" in out.getvalue()


def test_restore_reports_a_scan_on_record_whose_file_was_already_missing(district, media, settings, tmp_path):
    [scan] = media.rglob("*.png")
    scan.unlink()  # lost before the backup: the backup cannot bring it back, the restore must say so
    archive, _ = backup.backup_create(output=tmp_path / "b.tar")
    with throwaway_database_url(tmp_path) as url:
        result = _cli(["restore", str(archive)], _env_for(url, tmp_path / "restored" / "media", settings))
    assert result.returncode != 0
    assert f"证书扫描件 {scan.name} 缺失" in result.stderr

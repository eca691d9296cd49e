from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skillup.core import backup, restore
from skillup.core.backup_db import DatabaseToolError


class Command(BaseCommand):
    help = (
        "从 skillup backup 的 .tar 恢复数据库与附件。先校验清单签名、每部分 SHA-256 和密钥指纹；目标"
        "非空时需 --force。恢复前请停止 web 与 celery 进程。见 docs/operations.md “Backup and restore”"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="备份文件（.tar）")
        parser.add_argument("--force", action="store_true", help="目标数据库或 MEDIA_ROOT 已有数据时仍然覆盖")
        parser.add_argument("--check", action="store_true", help="只校验备份与密钥，不恢复")

    def handle(self, *args, archive, force=False, check=False, **options):
        try:
            if check:
                manifest = restore.backup_check(archive=archive)
                self.stdout.write(self.style.SUCCESS(f"备份完整，密钥匹配：{backup.describe(manifest)}"))
                return
            report = restore.backup_restore(archive=archive, force=force)
        except (backup.BackupRefused, DatabaseToolError) as exc:
            raise CommandError(str(exc)) from None
        if report.replaced_media:
            self.stdout.write(f"原 MEDIA_ROOT 已移到 {report.replaced_media}")
        if report.problems:
            raise CommandError("恢复后校验不通过：" + "；".join(report.problems))
        self.stdout.write(self.style.SUCCESS(f"已恢复：{backup.describe(report.manifest)}"))
        if report.unapplied_migrations:
            self.stdout.write(
                f"本版本还有 {len(report.unapplied_migrations)} 个迁移未应用：请运行 skillup migrate"
            )
        self.stdout.write("下一步：skillup audit-verify 与 skillup books-verify（见 docs/operations.md）")

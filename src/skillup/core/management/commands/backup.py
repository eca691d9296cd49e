from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skillup.core import backup
from skillup.core.backup_db import DatabaseToolError


class Command(BaseCommand):
    help = (
        "备份数据库（SQLite 在线备份 / PostgreSQL pg_dump -Fc）与 MEDIA_ROOT 附件，写成一个 .tar（含清单、"
        "各部分 SHA-256 与密钥指纹，不含密钥）。见 docs/operations.md “Backup and restore”"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="备份文件或目录（默认 SKILLUP_BACKUP_DIR，未设置时为 var/backups）",
        )
        parser.add_argument(
            "--keep", type=int, default=0, help="只保留该目录中最新的 N 个备份（0 = 全部保留）"
        )

    def handle(self, *args, output=None, keep=0, **options):
        try:
            path, manifest = backup.backup_create(output=output)
        except (backup.BackupRefused, DatabaseToolError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"已备份到 {path}：{backup.describe(manifest)}"))
        if keep:
            for old in backup.prune(path.parent, keep):
                self.stdout.write(f"已删除旧备份 {old}")

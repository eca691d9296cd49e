from django.core.management.base import BaseCommand

from skillup.accounts import audit, checkpoints
from skillup.accounts.models import AuditEntry


class Command(BaseCommand):
    help = "校验审计日志哈希链，并以签名检查点核对（报告被篡改、插入、删除或从末尾截断的记录）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints", help="检查点文件或日志副本（默认 AUDIT_CHECKPOINT_FILE），例如日志服务器上的副本"
        )

    def handle(self, *args, **options):
        finding = audit.verify()
        report = checkpoints.check(options["checkpoints"])
        for why in report.ignored:
            self.stderr.write(self.style.WARNING(why))
        failed = finding is not None or report.problems or report.ignored
        if finding is not None:
            self.stderr.write(self.style.ERROR(str(finding)))
        for problem in report.problems:
            self.stderr.write(self.style.ERROR(problem))
        if failed:
            raise SystemExit(1)
        self.stdout.write(
            self.style.SUCCESS(f"审计日志完整：共 {AuditEntry.objects.count()} 条，哈希链无断裂。")
        )
        if report.latest is None:
            self.stdout.write(
                self.style.WARNING(
                    "没有可用的签名检查点：无法发现从末尾截断的记录（请运行 skillup audit-checkpoint）。"
                )
            )
        else:
            self.stdout.write(f"与 {len(report.checkpoints)} 个签名检查点一致，最新：{report.latest}。")

from django.core.management.base import BaseCommand

from skillup.accounts import audit
from skillup.accounts.models import AuditEntry


class Command(BaseCommand):
    help = "校验审计日志哈希链，报告第一条被篡改、插入或删除的记录"

    def handle(self, *args, **options):
        finding = audit.verify()
        if finding is None:
            self.stdout.write(
                self.style.SUCCESS(f"审计日志完整：共 {AuditEntry.objects.count()} 条，哈希链无断裂。")
            )
            return
        self.stderr.write(self.style.ERROR(str(finding)))
        raise SystemExit(1)

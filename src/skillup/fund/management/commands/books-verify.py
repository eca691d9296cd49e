from django.core.management.base import BaseCommand

from skillup.fund.models import JournalEntry
from skillup.fund.selectors import books_problems


class Command(BaseCommand):
    help = (
        "试算平衡：专项资金总账借贷相等、每张凭证借贷相等且等于其金额（恢复备份后与 audit-verify 一起运行）"
    )

    def handle(self, *args, **options):
        problems = books_problems()
        if not problems:
            self.stdout.write(
                self.style.SUCCESS(f"专项资金账簿平衡：共 {JournalEntry.objects.count()} 张凭证，借贷相等。")
            )
            return
        for problem in problems:
            self.stderr.write(self.style.ERROR(problem))
        raise SystemExit(1)

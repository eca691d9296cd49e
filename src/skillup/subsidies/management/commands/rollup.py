from django.core.management.base import BaseCommand, CommandError

from skillup.subsidies.services_rollup import rollup_rebuild, rollup_verify


class Command(BaseCommand):
    help = "申领月度汇总（驾驶舱数据）：--verify 与申领明细逐行核对，--rebuild 重新计算并更正（均记审计日志）"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--verify", action="store_true", help="核对，有差异时列出并以状态 1 退出")
        group.add_argument("--rebuild", action="store_true", help="从申领明细重新计算汇总，列出更正的差异")

    def handle(self, *args, **options):
        if options["rebuild"]:
            found = rollup_rebuild()
            for line in found:
                self.stdout.write(f"已更正：{line}")
            self.stdout.write(self.style.SUCCESS(f"申领汇总已重建（更正 {len(found)} 处差异）。"))
            return
        found = rollup_verify()
        if not found:
            self.stdout.write(self.style.SUCCESS("申领汇总与申领明细一致。"))
            return
        for line in found:
            self.stderr.write(self.style.ERROR(line))
        raise CommandError(f"申领汇总有 {len(found)} 处差异：运行 skillup rollup --rebuild 更正")

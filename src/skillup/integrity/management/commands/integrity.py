"""`skillup integrity export|scan` (shared/INTEGRITY.md).

- `export [--output FILE]` writes the district's activity from the database in the contract's format
  (integrity/export.py: opaque person ids, keyed hashes of phones and accounts, never an identity number).
- `scan [--input FILE] [--output FILE]` runs the pure engine over an export. `skillup integrity scan`
  runs the same code without Django at all (skillup.cli); this is its manage.py spelling.
- `scan --store` scans the database itself and stores the run and its findings, as the nightly task does.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from skillup.integrity.engine.cli import _open_out, run


class Command(BaseCommand):
    help = "诚信监管：导出活动数据（export），或扫描活动数据输出线索（scan）"
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        export = sub.add_parser("export", help="导出本区县活动数据（JSON lines，.gz 结尾则压缩）")
        export.add_argument("--output", default=None, help="输出文件（默认标准输出）")
        scan = sub.add_parser("scan", help="扫描活动数据，输出诚信线索")
        scan.add_argument("--input", default=None, help="输入文件（默认标准输入）")
        scan.add_argument("--output", default=None, help="输出文件（默认标准输出）")
        scan.add_argument("--store", action="store_true", help="扫描数据库并保存本次扫描与线索（同夜间任务）")

    def handle(self, *args, **options):
        if options["subcommand"] == "export":
            return self._export(options["output"])
        if options.get("store"):
            return self._store()
        code = run(options["input"], options["output"])
        if code:
            raise CommandError("无法读取输入", returncode=code)

    def _export(self, path):
        from skillup.integrity.export import records

        out = _open_out(path)
        n = 0
        try:
            for r in records():
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
                n += 1
        finally:
            if path and path != "-":
                out.close()
            else:
                out.flush()
        self.stderr.write(f"已导出 {n} 条记录")

    def _store(self):
        from skillup.integrity.services import scan_command

        run = scan_command()
        if run.status != run.Status.DONE:
            raise CommandError(run.error or "扫描失败")
        self.stderr.write(
            f"扫描 #{run.pk} 完成：线索 {run.findings_total} 条，新增 {run.findings_new} 条，"
            f"不再触发 {run.findings_lapsed} 条，用时 {run.seconds} 秒"
        )

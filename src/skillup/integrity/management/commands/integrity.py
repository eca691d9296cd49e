"""`manage.py integrity scan [--input FILE] [--output FILE]`: the pure engine's scan (INTEGRITY.md).

`skillup integrity scan` runs the same code without Django at all (skillup.cli); this command is the
manage.py spelling of it. Export of the district's activity comes in the next slice.
"""

from django.core.management.base import BaseCommand, CommandError

from skillup.integrity.engine.cli import run


class Command(BaseCommand):
    help = "扫描活动数据（JSON lines，可为 .gz），输出诚信线索"
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        scan = sub.add_parser("scan", help="扫描活动数据，输出诚信线索")
        scan.add_argument("--input", default=None, help="输入文件（默认标准输入）")
        scan.add_argument("--output", default=None, help="输出文件（默认标准输出）")

    def handle(self, *args, **options):
        if options["subcommand"] != "scan":
            raise CommandError("未知的子命令")
        code = run(options["input"], options["output"])
        if code:
            raise CommandError("无法读取输入", returncode=code)

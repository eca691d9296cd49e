import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skillup.core.errors import RuleViolation
from skillup.registry.services_keys import person_keys_rotate


class Command(BaseCommand):
    help = (
        "用 FIELD_ENCRYPTION_KEY 的第一个密钥重新加密所有身份证号（可重复运行，已是新密钥的不动）；"
        "给出 --new-lookup-key-file 时同时用新密钥重算查询哈希。见 docs/operations.md “Rotating keys”"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-lookup-key-file",
            help="新的 LOOKUP_HASH_KEY 所在文件（- 表示从标准输入读）；密钥不要写在命令行上",
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, new_lookup_key_file=None, batch_size=1000, **options):
        new_key = None
        if new_lookup_key_file:
            raw = sys.stdin.read() if new_lookup_key_file == "-" else Path(new_lookup_key_file).read_text()
            new_key = raw.strip()
        try:
            result = person_keys_rotate(new_lookup_key=new_key, batch_size=batch_size)
        except RuleViolation as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"密钥轮换完成：{result}。"))
        if new_key is not None:
            self.stdout.write("现在把 LOOKUP_HASH_KEY 换成新密钥，再启动 web 与 celery 进程。")

from django.core.management.base import BaseCommand

from skillup.accounts import checkpoints


class Command(BaseCommand):
    help = "为审计日志写一个签名检查点（条数、链头哈希、时间），追加到检查点文件并写入日志"

    def add_arguments(self, parser):
        parser.add_argument("--file", help="检查点文件（默认 AUDIT_CHECKPOINT_FILE）")
        parser.add_argument(
            "--show-key", action="store_true", help="只显示签名密钥的编号与公钥（供日志服务器或轮换时登记）"
        )

    def handle(self, *args, **options):
        if options["show_key"]:
            public = checkpoints.signing_key().public_key()
            self.stdout.write(f"密钥编号 {checkpoints.key_id(public)}")
            self.stdout.write(f"公钥 {checkpoints.b64(checkpoints.public_bytes(public))}")
            return
        try:
            cp = checkpoints.checkpoint_write(path=options["file"])
        except checkpoints.CheckpointRefused as exc:
            self.stderr.write(self.style.ERROR(f"未写检查点：{exc}"))
            raise SystemExit(1) from None
        self.stdout.write(self.style.SUCCESS(f"已写入{cp}：链头 {cp.hash[:16]}…"))

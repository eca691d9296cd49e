from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from skillup.core import demo
from skillup.registry.models import Organisation

DEMO_TODAY = "2021-06-15"  # mid-2021: the programme is live (DESIGN.md, business clock)


def print_logins(write) -> None:
    from skillup.accounts.models import User

    write("演示账号（密码均为 skillup-demo，仅在 DEBUG 开启时可用）：")
    others = 0
    for user in User.objects.select_related("organisation").order_by("id"):
        if user.username.startswith("jg-"):
            others += 1  # one login per further institution; listed in the admin, not here
            continue
        org = user.organisation.name if user.organisation else ""
        write(f"  {user.username:<14} {user.get_role_display():<12} {org}")
    if others:
        write(f"  另有 {others} 个培训机构账号 jg-<编号>（见系统管理 /admin/）")


class Command(BaseCommand):
    help = "载入演示区县数据（确定性：同一 --seed 每次生成相同数据）"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--if-empty", action="store_true", help="数据库已有数据时跳过")
        parser.add_argument(
            "--today",
            default=settings.SKILLUP_TODAY or DEMO_TODAY,
            help=f"演示数据的业务日期（默认 SKILLUP_TODAY 或 {DEMO_TODAY}）",
        )

    def handle(self, *args, seed, if_empty, today, **options):
        if Organisation.objects.exists():
            if if_empty:
                self.stdout.write("数据库已有数据，跳过演示数据载入。")
                print_logins(self.stdout.write)
                return
            raise CommandError("数据库已有数据；演示数据只能载入空数据库（先删除 var/skillup.sqlite3）。")
        if not settings.DEBUG:
            self.stdout.write(self.style.WARNING("注意：DEBUG 关闭时演示密码不可登录。"))
        self.stdout.write(f"正在载入演示区县（seed={seed}，业务日期 {today}）…")
        # The district is built as it stands on the business date: classes, claims and reports up to it.
        previous = settings.SKILLUP_TODAY
        settings.SKILLUP_TODAY = today
        try:
            demo.run(seed, echo=self.stdout.write)
        finally:
            settings.SKILLUP_TODAY = previous
        print_logins(self.stdout.write)

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from skillup.accounts.models import TokenScope, User
from skillup.accounts.services import api_token_create
from skillup.core.errors import RuleViolation


class Command(BaseCommand):
    help = "API 令牌：skillup token create 用户名 [--name 用途] [--days 天数] [--scope read|read_write]"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="命令行创建")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"有效天数，1 至 {settings.API_TOKEN_DAYS}（默认 {settings.API_TOKEN_DAYS}，见 API_TOKEN_DAYS）",
        )
        parser.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.READ_WRITE,
            help="read 只读（仅 GET），read_write 读写（默认）",
        )

    def handle(self, *args, action, username, name, days, scope, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有名为 {username} 的有效用户")
        try:
            token = api_token_create(user=user, name=name, days=days, scope=scope)
        except RuleViolation as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(token)
        lifetime = settings.API_TOKEN_DAYS if days is None else days
        self.stderr.write(f"{TokenScope(scope).label}令牌，{lifetime} 天后过期；只显示这一次，请妥善保存。")

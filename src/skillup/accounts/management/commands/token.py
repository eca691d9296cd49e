from django.core.management.base import BaseCommand, CommandError

from skillup.accounts.models import User
from skillup.accounts.services import api_token_create


class Command(BaseCommand):
    help = "API 令牌：skillup token create 用户名 [--name 用途]"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="命令行创建")

    def handle(self, *args, action, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有名为 {username} 的有效用户")
        self.stdout.write(api_token_create(user=user, name=name))

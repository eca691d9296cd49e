"""`skillup send-reminders`: the daily run of plan and report deadline reminders (a scheduler calls it)."""

from django.core.management.base import BaseCommand

from skillup.planning.reminders import reminders_send


class Command(BaseCommand):
    help = "发送年度计划和月报的报送提醒（每日由定时任务调用；同一天重复运行不会重复发送）"

    def handle(self, *args, **options):
        count = reminders_send()
        self.stdout.write(f"已提醒 {count} 个部门")

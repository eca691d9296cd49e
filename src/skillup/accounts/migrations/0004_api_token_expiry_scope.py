"""API tokens get an expiry and a scope (issue 10 item 9).

Tokens issued before this migration keep working as they did (scope read_write) but now expire
API_TOKEN_DAYS (default 90) days after the migration runs; docs/operations.md says so."""

import datetime as dt

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def expire_existing_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires = timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS)
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=expires, scope="read_write")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_assessment_institutions"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "只读"), ("read_write", "读写")],
                default="read_write",
                max_length=10,
                verbose_name="权限",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="有效期至"),
        ),
        migrations.RunPython(expire_existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="有效期至"),
        ),
    ]

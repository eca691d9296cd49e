from django.db import migrations

from skillup.core.db import append_only


def create_head(apps, schema_editor):
    apps.get_model("accounts", "AuditHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        append_only("accounts_auditentry"),
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]

"""Issue 10 item 8, the same guard for the journal: no TRUNCATE (PostgreSQL), no DELETE (SQLite)."""

from django.db import migrations

from skillup.core.db import sealed


class Migration(migrations.Migration):
    dependencies = [("fund", "0002_journal_guards")]

    operations = [sealed("fund_journalentry"), sealed("fund_journalline")]

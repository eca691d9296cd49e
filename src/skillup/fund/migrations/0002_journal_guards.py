"""The journal guards itself: entries and lines are append-only, and on PostgreSQL a deferred constraint
trigger refuses, at commit, any entry whose lines do not balance or do not add up to its total."""

from django.db import migrations

from skillup.core.db import append_only

PG_BALANCED = """
CREATE OR REPLACE FUNCTION skillup_journal_balanced() RETURNS trigger AS $$
DECLARE d numeric; c numeric; t numeric;
BEGIN
  SELECT COALESCE(SUM(debit), 0), COALESCE(SUM(credit), 0) INTO d, c
    FROM fund_journalline WHERE entry_id = NEW.entry_id;
  SELECT total INTO t FROM fund_journalentry WHERE id = NEW.entry_id;
  IF d <> c OR d <> t THEN
    RAISE EXCEPTION 'journal entry % does not balance: debits %, credits %, total %', NEW.entry_id, d, c, t;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER fund_journalline_balanced AFTER INSERT ON fund_journalline
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION skillup_journal_balanced();
"""


def balanced_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BALANCED, params=None)


def balanced_backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS fund_journalline_balanced ON fund_journalline;")


class Migration(migrations.Migration):
    dependencies = [("fund", "0001_initial")]

    operations = [
        append_only("fund_journalentry"),
        append_only("fund_journalline"),
        migrations.RunPython(balanced_forward, balanced_backward),
    ]

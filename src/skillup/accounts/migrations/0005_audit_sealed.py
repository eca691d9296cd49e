"""Issue 10 item 8: the trail cannot be cut from the end inside the database either. No TRUNCATE (PostgreSQL)
and no DELETE (SQLite) of audit rows or of the head, and the head — the chain's tip — only moves forward,
so "delete the last rows and roll the head back" needs a database owner dropping triggers (which the
signed checkpoints outside the database then reveal)."""

from django.db import migrations

from skillup.core.db import sealed

PG_HEAD = """
CREATE OR REPLACE FUNCTION skillup_audit_head_forward() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit head: the chain tip is never deleted';
  END IF;
  IF NEW.id <> OLD.id OR NEW.seq < OLD.seq OR (NEW.seq = OLD.seq AND NEW.hash <> OLD.hash) THEN
    RAISE EXCEPTION 'audit head: the chain tip only moves forward';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_audithead_forward BEFORE UPDATE OR DELETE ON accounts_audithead
  FOR EACH ROW EXECUTE FUNCTION skillup_audit_head_forward();
"""

SQLITE_HEAD = """
CREATE TRIGGER accounts_audithead_forward BEFORE UPDATE ON accounts_audithead
WHEN NEW.id <> OLD.id OR NEW.seq < OLD.seq OR (NEW.seq = OLD.seq AND NEW.hash <> OLD.hash)
BEGIN SELECT RAISE(ABORT, 'audit head: the chain tip only moves forward'); END;
"""


def head_forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_HEAD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_HEAD, params=None)


def head_forward_undo(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS accounts_audithead_forward ON accounts_audithead;")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS accounts_audithead_forward;")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_api_token_expiry_scope")]

    operations = [
        sealed("accounts_auditentry"),
        sealed("accounts_audithead"),
        migrations.RunPython(head_forward, head_forward_undo),
    ]

"""Database-level guards that code cannot forget.

`append_only(table)` is a migration operation: the database itself refuses to UPDATE a row of the table,
and on PostgreSQL also to DELETE one (SQLite keeps DELETE so that the test runner can empty the table
between tests; there the hash chain or the balanced journal reveals a deletion). TRUNCATE stays
possible for a database administrator on purpose.
"""

from django.db import migrations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION skillup_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'append-only table %: rows are never changed or deleted, only reversed', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def append_only(table: str) -> migrations.RunPython:
    def forward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(PG_FUNCTION, params=None)
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION skillup_append_only();"
            )
        elif vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}: rows are never changed'); END;"
            )

    def backward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only;")

    return migrations.RunPython(forward, backward)

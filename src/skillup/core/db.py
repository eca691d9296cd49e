"""Database-level guards that code cannot forget.

`append_only(table)` is a migration operation: the database itself refuses to UPDATE a row of the table,
and on PostgreSQL also to DELETE one. `sealed(table)` (issue 10 item 8) closes the two ways round it:
TRUNCATE on PostgreSQL, and DELETE on SQLite. Both give way to one caller only, the test runner emptying
the tables between tests (`allow_test_runner_flush`, used by tests/conftest.py around Django's `flush`):
- SQLite: the trigger asks the SQL function `skillup_test_flush()`, which every SQLite connection opened
  by SkillUp gets (`register_sqlite_functions`) and which answers 1 only inside `allow_test_runner_flush`; a
  connection without it (the sqlite3 shell) cannot delete at all ("no such function").
- PostgreSQL: the TRUNCATE trigger lets it pass only when the session set `skillup.test_flush = on` AND
  the database is a test database (`test_…`, as Django names them), so a production database refuses it
  whatever a session sets.
A database owner can still drop a trigger; that is what the signed checkpoints outside the database are
for (accounts/checkpoints.py).
"""

import threading
from contextlib import contextmanager

from django.db import DatabaseError, connections, migrations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION skillup_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'append-only table %: rows are never changed or deleted, only reversed', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

PG_NO_TRUNCATE = r"""
CREATE OR REPLACE FUNCTION skillup_no_truncate() RETURNS trigger AS $$
BEGIN
  IF current_setting('skillup.test_flush', true) = 'on' AND current_database() LIKE 'test\_%' THEN
    RETURN NULL;  -- the test runner empties its own test database between tests
  END IF;
  RAISE EXCEPTION 'append-only table %: never truncated (every row is kept)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

_flushing = threading.local()


def flush_allowed() -> int:
    return 1 if getattr(_flushing, "on", False) else 0


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: the function the SQLite DELETE guards ask (see the module doc)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("skillup_test_flush", 0, flush_allowed)


@contextmanager
def allow_test_runner_flush(using: str = "default"):
    """Let the test runner empty sealed tables (and only while it does so). Never used outside tests."""
    connection = connections[using]
    _flushing.on = True
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET skillup.test_flush = 'on'")
    try:
        yield
    finally:
        _flushing.on = False
        if connection.vendor == "postgresql" and connection.connection is not None:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("RESET skillup.test_flush")
            except DatabaseError:
                pass  # an aborted transaction: its rollback undoes a SET made inside it


def _triggers(*, create: dict[str, list[str]], drop: dict[str, str]) -> migrations.RunPython:
    """A migration step running the statements of the connection's vendor (others: nothing)."""

    def forward(apps, schema_editor):
        for sql in create.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    def backward(apps, schema_editor):
        if sql := drop.get(schema_editor.connection.vendor):
            schema_editor.execute(sql)

    return migrations.RunPython(forward, backward)


def append_only(table: str) -> migrations.RunPython:
    return _triggers(
        create={
            "postgresql": [
                PG_FUNCTION,
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION skillup_append_only();",
            ],
            "sqlite": [
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}: rows are never changed'); END;"
            ],
        },
        drop={
            "postgresql": f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            "sqlite": f"DROP TRIGGER IF EXISTS {table}_append_only;",
        },
    )


def sealed(table: str) -> migrations.RunPython:
    """No TRUNCATE on PostgreSQL, no DELETE on SQLite (PostgreSQL's DELETE guard is append_only's or the
    table's own), except for the test runner's flush."""
    return _triggers(
        create={
            "postgresql": [
                PG_NO_TRUNCATE,
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION skillup_no_truncate();",
            ],
            "sqlite": [
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} WHEN NOT skillup_test_flush() "
                f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}: rows are never deleted'); END;"
            ],
        },
        drop={
            "postgresql": f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
            "sqlite": f"DROP TRIGGER IF EXISTS {table}_no_delete;",
        },
    )

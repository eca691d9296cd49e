"""Tampering as a database owner would: the guards on the tables are switched off first."""

from django.db import connection

TRAIL = ("accounts_auditentry", "accounts_audithead")


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def as_owner(statement, params=(), tables=TRAIL):
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # flush deferred FK checks so the tables may be altered
        for table in tables:
            raw(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            raw(statement, params)
        finally:
            for table in tables:
                raw(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    else:
        # DDL is transactional on SQLite: the test's rollback brings the triggers back.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)", list(TRAIL)
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')
        raw(statement, params)


def cut_the_chain(keep: int) -> None:
    """Delete every row after #keep and roll the head back to it: the attack of issue 10 item 8."""
    as_owner("DELETE FROM accounts_auditentry WHERE seq > %s", [keep])
    as_owner(
        "UPDATE accounts_audithead SET seq = %s, hash = (SELECT hash FROM accounts_auditentry WHERE seq = %s)",
        [keep, keep],
    )

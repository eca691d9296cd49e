"""The database half of a backup (issue 10 item 10), per engine.

SQLite: Python's online backup API (`Connection.backup`) copies a consistent snapshot while the server runs.
PostgreSQL: `pg_dump -Fc` inside an exported REPEATABLE READ snapshot, so the counts written to the
manifest are those of the dump itself; restored with `pg_restore --clean --if-exists`.
Each side also reports the counts and the audit head of what it copied, for the manifest.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import connection, connections

# What the manifest counts, and restore compares: label -> model.
COUNTED = {
    "audit_entries": "accounts.AuditEntry",
    "users": "accounts.User",
    "organisations": "registry.Organisation",
    "people": "registry.Person",
    "claims": "subsidies.Claim",
    "journal_entries": "fund.JournalEntry",
    "payment_batches": "fund.PaymentBatch",
    "evidence": "certificates.Evidence",
}
LABELS = {
    "audit_entries": "审计记录",
    "users": "用户",
    "organisations": "单位",
    "people": "人员",
    "claims": "申领",
    "journal_entries": "记账凭证",
    "payment_batches": "支付批次",
    "evidence": "证书扫描件",
}
# Rows that mean a database holds data (restore refuses such a target without --force).
HOLDING = ("audit_entries", "users", "organisations", "people")


class DatabaseToolError(Exception):
    pass


def _table(label: str) -> str:
    return apps.get_model(COUNTED[label])._meta.db_table


def _facts(cursor, quote) -> dict:
    """Counts, audit head and applied migrations, read through a DB-API cursor."""
    counts = {}
    for label in COUNTED:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(_table(label))}")  # noqa: S608 (model table names)
        counts[label] = cursor.fetchone()[0]
    head_table = quote(apps.get_model("accounts.AuditHead")._meta.db_table)
    cursor.execute(f"SELECT seq, hash FROM {head_table} WHERE id = 1")  # noqa: S608
    row = cursor.fetchone()
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return {
        "counts": counts,
        "audit_head": {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": "0" * 64},
        "migrations": [f"{app}.{name}" for app, name in cursor.fetchall()],
    }


def vendor() -> str:
    return connection.vendor


def dump(folder: Path) -> tuple[Path, dict]:
    """Writes a consistent copy of the database into folder; returns (file, facts of that copy)."""
    if connection.vendor == "sqlite":
        return _sqlite_dump(folder / "database.sqlite3")
    if connection.vendor == "postgresql":
        return _pg_dump(folder / "database.pgdump")
    raise DatabaseToolError(f"不支持的数据库：{connection.vendor}")


def load(path: Path) -> None:
    """Replaces the configured database's content with the copy at path."""
    connections.close_all()
    if connection.vendor == "sqlite":
        _sqlite_load(path)
    else:
        _pg_load(path)
    connections.close_all()


def current_facts() -> dict:
    """Facts of the configured database (after a restore)."""
    with connection.cursor() as cursor:
        return _facts(cursor, connection.ops.quote_name)


def holding() -> dict[str, int]:
    """The rows that say the configured database is in use (tables that do not exist yet count none)."""
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    tables = set(connection.introspection.table_names())
    found = {}
    with connection.cursor() as cursor:
        for label in HOLDING:
            if _table(label) in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(_table(label))}")  # noqa: S608
                found[label] = cursor.fetchone()[0]
    return {label: n for label, n in found.items() if n}


# --- SQLite -------------------------------------------------------------------------------------------


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_dump(target: Path) -> tuple[Path, dict]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1) under a read lock: a snapshot even while other connections write.
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        facts = _facts(copy.cursor(), _sqlite_quote)
    finally:
        copy.close()
    return target, facts


def _sqlite_load(path: Path) -> None:
    name = connection.settings_dict["NAME"]
    source = sqlite3.connect(path)
    target = sqlite3.connect(name, timeout=30)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


# --- PostgreSQL ---------------------------------------------------------------------------------------


def _libpq() -> tuple[str, dict]:
    """(conninfo without the password, environment with PGPASSWORD) for psycopg and the pg_ tools: the
    password never appears on a command line."""
    from psycopg.conninfo import make_conninfo

    s = connection.settings_dict
    params = {"dbname": s["NAME"], "host": s["HOST"] or None, "port": s["PORT"] or None, "user": s["USER"]}
    for key, value in (s.get("OPTIONS") or {}).items():
        if key.startswith("ssl") or key in ("connect_timeout", "application_name", "target_session_attrs"):
            params[key] = value
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return make_conninfo(**{k: v for k, v in params.items() if v not in (None, "")}), env


def _tool(name: str) -> str:
    path = os.environ.get(name.upper()) or shutil.which(name)  # PG_DUMP / PG_RESTORE override the PATH
    if not path:
        raise DatabaseToolError(f"找不到 {name}：请安装 PostgreSQL 客户端（版本不低于服务器）")
    return path


def _run(args: list[str], env: dict) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise DatabaseToolError(f"{Path(args[0]).name} 失败：{result.stderr.strip()[-2000:]}")


def _pg_dump(target: Path) -> tuple[Path, dict]:
    import psycopg

    conninfo, env = _libpq()
    with psycopg.connect(conninfo, password=env.get("PGPASSWORD")) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            facts = _facts(cursor, lambda n: '"' + n.replace('"', '""') + '"')
            # The dump sees exactly what the counts saw: the snapshot stays open until it is done.
            _run([_tool("pg_dump"), "-Fc", f"--snapshot={snapshot}", "-f", str(target), "-d", conninfo], env)
    return target, facts


def _pg_load(path: Path) -> None:
    conninfo, env = _libpq()
    args = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    _run([*args, "--single-transaction", "--exit-on-error", "-d", conninfo, str(path)], env)

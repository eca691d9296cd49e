"""A throwaway database for tests that run the CLI in a subprocess against a database of its own (the
production path, a restore into a fresh database)."""

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import dj_database_url


@contextmanager
def throwaway_database_url(folder: Path):
    """On PostgreSQL runs (DATABASE_URL names a server): a fresh, empty database on the same server,
    dropped afterwards. Otherwise: a SQLite file in folder that does not exist yet."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{folder / f'fresh-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    import psycopg

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_fresh_{uuid.uuid4().hex[:8]}"
    server = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(**server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""A throwaway database for a benchmark run: a temporary SQLite file, or a fresh PostgreSQL database
beside the one DATABASE_URL names (dropped again by the returned cleanup)."""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse, urlunparse


def throwaway_database(url: str, label: str) -> tuple[str, Callable[[], None]]:
    if not url.startswith("postgres"):
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    import psycopg

    parts = urlparse(url)
    name = f"{(parts.path.lstrip('/') or 'skillup')}_{label}_{os.getpid()}"
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return urlunparse(parts._replace(path=f"/{name}")), drop

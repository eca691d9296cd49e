"""Issue 10 item 2: the documented production path works from a fresh checkout. scripts/prod-smoke runs it
(collectstatic, check --deploy, gunicorn with DEBUG off) on this run's database engine: a temporary SQLite
file, or a throwaway PostgreSQL database beside the one DATABASE_URL names."""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def _throwaway_database():
    """A DATABASE_URL for the script: None (its own temporary SQLite file) unless this run is on
    PostgreSQL, then a fresh database on the same server, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield None
        return
    import psycopg

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_smoke_{os.getpid()}"
    server = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(**server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.deploy
def test_the_production_path_serves_pages_static_files_and_json_errors():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SKILLUP_VAR_DIR")
    }
    env["PYTHON"] = sys.executable
    with _throwaway_database() as url:
        if url:
            env["DATABASE_URL"] = url
        result = subprocess.run(
            [str(ROOT / "scripts" / "prod-smoke")],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    for check in ("/accounts/login/ → 200", "/static/vendor/", "→ 401 JSON", "→ 404 JSON"):
        assert check in result.stdout, report

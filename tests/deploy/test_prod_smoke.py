"""Issue 10 item 2: the documented production path works from a fresh checkout. scripts/prod-smoke runs it
(collectstatic, check --deploy, gunicorn with DEBUG off) on this run's database engine: a temporary SQLite
file, or a throwaway PostgreSQL database on the server DATABASE_URL names."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import throwaway_database_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.deploy
def test_the_production_path_serves_pages_static_files_and_json_errors(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE: set for Playwright by tests/browser/conftest.py, never in production
        if k
        not in (
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "SKILLUP_VAR_DIR",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    env["PYTHON"] = sys.executable
    with throwaway_database_url(tmp_path) as url:
        result = subprocess.run(
            [str(ROOT / "scripts" / "prod-smoke")],
            capture_output=True,
            text=True,
            env={**env, "DATABASE_URL": url},
            timeout=600,
        )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    for check in ("/accounts/login/ → 200", "/static/vendor/", "→ 401 JSON", "→ 404 JSON"):
        assert check in result.stdout, report

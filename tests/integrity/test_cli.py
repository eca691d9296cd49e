"""`skillup integrity scan`: gz or plain, files or stdin/stdout, bad lines reported and skipped, no database."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

from .conftest import SRC, claim, feed, klass, person

MULE = [
    klass("C1"),
    *[person(f"P{i}") for i in range(4)],
    *[claim(f"K{i}", f"P{i}", "C1", account="A") for i in range(4)],
]


def _env():
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"  # a database is never touched
    return env


def _skillup(*args, stdin=None):
    code = "import sys; from skillup.cli import main; raise SystemExit(main(['skillup', *sys.argv[1:]]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )


def test_stdin_to_stdout_reports_bad_lines_with_their_number_and_skips_them():
    lines = feed(*MULE)
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"type": "claim", "id": "K9"}))
    done = _skillup("integrity", "scan", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    assert "第 3 行" in done.stderr and "第 5 行" in done.stderr
    out = [json.loads(x) for x in done.stdout.splitlines()]
    assert {f["subject"]["id"] for f in out} == {"K0", "K1", "K2", "K3"}
    assert "django" not in done.stderr.lower()


def test_gz_input_and_gz_output_files(tmp_path):
    src, dst = tmp_path / "in.jsonl.gz", tmp_path / "out.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write("\n".join(feed(*MULE)) + "\n")
    done = _skillup("integrity", "scan", "--input", str(src), "--output", str(dst))
    assert done.returncode == 0, done.stderr
    with gzip.open(dst, "rt", encoding="utf-8") as f:
        assert len(f.read().splitlines()) == 4


def test_a_missing_input_file_is_an_error_not_a_traceback(tmp_path):
    done = _skillup("integrity", "scan", "--input", str(tmp_path / "nope.jsonl"))
    assert done.returncode != 0 and "Traceback" not in done.stderr and "无法打开" in done.stderr


def test_the_manage_py_command_runs_the_same_scan(tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(feed(*MULE)) + "\n", encoding="utf-8")
    env = {**_env(), "DJANGO_SETTINGS_MODULE": "skillup.settings"}
    env.pop("DATABASE_URL")
    done = subprocess.run(
        [sys.executable, "-m", "django", "integrity", "scan", "--input", str(src), "--output", str(dst)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(dst.read_text(encoding="utf-8").splitlines()) == 4

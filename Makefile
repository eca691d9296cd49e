# SkillUp front door: `make run` serves the demo district, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SKILLUP := $(VENV)/bin/skillup
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs as of mid-2021 so the programme is live (override: make run SKILLUP_TODAY=2020-03-01).
export SKILLUP_TODAY ?= 2021-06-15
export DEBUG ?= 1

.PHONY: run test test-fast lint format bench loadtest drill setup clean-db

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

setup: $(VENV)/.installed

run: $(VENV)/.installed
	@mkdir -p var
	$(SKILLUP) migrate --noinput -v 0
	$(SKILLUP) seed-demo --if-empty
	@echo "SkillUp 演示区县：http://$(HOST):$(PORT)/  （业务日期 $(SKILLUP_TODAY)）"
	$(SKILLUP) runserver $(HOST):$(PORT)

# The suite runs in one pytest-xdist worker per core (docs/operations.md "Test suite"); TEST_WORKERS=0 runs it
# in one process. tests/conftest.py schedules the tests that share a module- or package-scoped fixture (the
# demo district) on one worker. Bytecode and pytest's rewritten test modules are cached even
# where PYTHONDONTWRITEBYTECODE is set: every worker collects the whole suite, and rewriting it is ~9 s each.
TEST_WORKERS ?= auto
PYTEST := PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS)

# The browser journeys need chromium + CJK fonts: installed here when missing (as root), else it says what to run.
test: $(VENV)/.installed
	@scripts/browser-deps
	$(PYTEST) $(PYTEST_ARGS)

test-fast: $(VENV)/.installed
	$(PYTEST) -m "not browser" $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Benchmarks print figures and ratios; PostgreSQL ones use throwaway databases on the local server.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/skillup
bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) benchmarks/bench_quote.py $(BENCH_ARGS_QUOTE)
	env -u DATABASE_URL $(PY) benchmarks/bench_roster.py $(BENCH_ARGS_ROSTER)
	DATABASE_URL=$(BENCH_PG) $(PY) benchmarks/bench_roster.py $(BENCH_ARGS_ROSTER)
	DATABASE_URL=$(BENCH_PG) $(PY) benchmarks/bench_approval.py $(BENCH_ARGS_APPROVAL)
	$(PY) benchmarks/bench_dashboard.py $(BENCH_ARGS_DASHBOARD)
	$(PY) benchmarks/bench_export.py $(BENCH_ARGS_EXPORT)
	$(PY) benchmarks/bench_integrity.py $(BENCH_ARGS_INTEGRITY)
	$(PY) benchmarks/bench_records_import.py $(BENCH_ARGS_RECORDS)
	DATABASE_URL=$(BENCH_PG) $(PY) benchmarks/bench_integrity_db.py $(BENCH_ARGS_INTEGRITY_DB)
	DATABASE_URL=$(BENCH_PG) $(PY) benchmarks/market_search.py $(BENCH_ARGS_MARKET)

# Pages and API under load on gunicorn + PostgreSQL (DEBUG=0, demo district, then 10x the claims), then the
# scale-out drill (two gunicorn nodes behind nginx, Celery worker and beat, one node killed mid-run). Prints
# figures and PASS/FAIL; throwaway databases named after LOADTEST_PG; Redis databases 13 (cache) and 9 (broker).
# Never part of make test. `make drill` runs the drill alone.
LOADTEST_PG ?= postgres://postgres@127.0.0.1:5432/skillup_load
LOADTEST_REDIS ?= redis://127.0.0.1:6379
loadtest: $(VENV)/.installed
	@scripts/loadtest-deps
	$(PY) benchmarks/loadtest.py --database $(LOADTEST_PG) --redis $(LOADTEST_REDIS) $(LOADTEST_ARGS)

drill: $(VENV)/.installed
	@scripts/loadtest-deps
	$(PY) benchmarks/loadtest.py --phases drill --database $(LOADTEST_PG) --redis $(LOADTEST_REDIS) $(LOADTEST_ARGS)

clean-db:
	rm -f var/skillup.sqlite3 var/skillup.sqlite3-wal var/skillup.sqlite3-shm

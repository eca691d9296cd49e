"""Pages and API under load, then the scale-out drill (issue 16 items 2 and 4; `make loadtest`, never a test).

One run, on loopback only:
1. a throwaway PostgreSQL database, migrated and loaded with the demo district; static files collected into
   the run's directory; gunicorn with production settings (DEBUG=0, generated keys, DB_CONN_MAX_AGE=60,
   Redis cache and broker);
2. 8 simulated users (own session each, keep-alive connections) on the dashboard, the claims list, a class
   page, trainee pages, GET /api/v1/claims (bearer token) and the trivial /livez view, in interleaved
   rounds; per endpoint requests/s, p50, p95, p99 and the p95 ratio to /livez (goal ≤ 3×);
3. the same with 10× the claims, and the growth of each page's p95 (goal ≤ 1.5× for list pages);
4. the drill (benchmarks/loaddrill.py): two gunicorn nodes behind nginx, a Celery worker and beat, writes
   under load, one node SIGKILLed midway, then PASS/FAIL per check. Exit 1 on any FAIL or failed request.

    .venv/bin/python benchmarks/loadtest.py                      # everything (make loadtest)
    .venv/bin/python benchmarks/loadtest.py --phases drill       # the drill only (make drill)
    .venv/bin/python benchmarks/loadtest.py --requests 5 --rounds 2 --factor 3   # a quicker look

Every process it starts is stopped on exit, on an error and on Ctrl-C; the databases are dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from loadclient import Client, Endpoint, Figures, run_block  # noqa: E402
from loadstack import ROOT, Stack, free_port, production_env  # noqa: E402

P95_TARGET = 3.0
GROWTH_TARGET = 1.5
# The base of the ratios: /livez (no database, no cache) with a signed-in session, through the whole
# middleware stack like every page (the session is read and saved: SESSION_SAVE_EVERY_REQUEST).
TRIVIAL = "trivial view /livez, signed in"
# The list pages, whose p95 growth with 10× the claims the goal bounds.
LIST_PAGES = {
    "claims list (HR)",
    "claims list (department)",
    "trainee: my claims",
    "GET /api/v1/claims (HR token)",
}
PASSWORD = "Load-test-Pa55-" + os.urandom(6).hex()  # strong: DEBUG=0 refuses the demo password


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} CPUs)"


# --- databases -------------------------------------------------------------------------------------------


def _admin(url: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/postgres"))


def create_database(base: str, label: str, template: str | None = None) -> str:
    import psycopg

    parts = urlparse(base)
    name = f"{parts.path.lstrip('/') or 'skillup_load'}_{label}_{os.getpid()}"
    with psycopg.connect(_admin(base), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return urlunparse(parts._replace(path=f"/{name}"))


def drop_database(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(_admin(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


KEYS = ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "LOOKUP_HASH_KEY", "AUDIT_SIGNING_KEY")


def _seed_paths(args) -> tuple[str, Path]:
    name = f"{urlparse(args.database).path.lstrip('/') or 'skillup_load'}_seed"
    return name, Path(tempfile.gettempdir()) / f"{name}.keys.json"


def reused_seed(args) -> tuple[str, dict] | None:
    """--reuse-seed: the demo district seeded by an earlier run (its database and the keys it was made
    with), so that a developer's second run skips the 3-minute seed. Never used by `make loadtest`."""
    if not args.reuse_seed:
        return None
    name, keys = _seed_paths(args)
    if not keys.exists():
        return None
    return name, json.loads(keys.read_text())


def keep_seed(args, db_url: str, env: dict) -> None:
    name, keys = _seed_paths(args)
    base = urlunparse(urlparse(db_url)._replace(path=f"/{name}"))
    drop_database(base)
    import psycopg

    with psycopg.connect(_admin(db_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{urlparse(db_url).path.lstrip("/")}"')
    keys.write_text(json.dumps({k: env[k] for k in KEYS}))
    keys.chmod(0o600)


def vacuum(url: str) -> None:
    """What autovacuum does on a live database within minutes: the demo's seed rewrites claims many times
    over, and the planner needs statistics of the copies."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )
    return result.stdout or ""


def loaddata(env: dict, *args: str) -> object:
    result = subprocess.run(
        [sys.executable, str(HERE / "loaddata.py"), *args],
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    )
    return json.loads(result.stdout)


# --- the load phase --------------------------------------------------------------------------------------


def endpoints(port: int, prepared: dict, users: int) -> list[tuple[Endpoint, list[Client]]]:
    """Each endpoint with its simulated users: one signed-in session (or bearer client) per user."""

    def signed_in(username: str) -> list[Client]:
        clients = []
        for _ in range(users):
            c = Client(port)
            c.login(username, PASSWORD)
            clients.append(c)
        return clients

    hr, dept, institution, trainee = (signed_in(u) for u in ("hr", "dept", "institution", "trainee"))
    hr_trivial = signed_in("hr")  # the session is read and saved (SESSION_SAVE_EVERY_REQUEST), as on a page
    token = prepared["tokens"]["hr"]
    api = [Client(port, token=token) for _ in range(users)]
    anonymous = [Client(port) for _ in range(users)]
    code = prepared["class_code"]
    return [
        (Endpoint(TRIVIAL, "/livez", None, b'"ok"'), hr_trivial),
        (Endpoint("trivial view /livez, anonymous", "/livez", None, b'"ok"'), anonymous),
        (Endpoint("dashboard (HR)", "/planning/dashboard/", None, b"</html>"), hr),
        (Endpoint("claims list (HR)", "/subsidies/claims/", None, b"</html>"), hr),
        (Endpoint("claims list (department)", "/subsidies/claims/", None, b"</html>"), dept),
        (Endpoint("class page (institution)", f"/training/classes/{code}/", None, b"</html>"), institution),
        (Endpoint("trainee home", "/", None, b"</html>"), trainee),
        (Endpoint("trainee: my classes", "/training/my/", None, b"</html>"), trainee),
        (Endpoint("trainee: my claims", "/subsidies/claims/", None, b"</html>"), trainee),
        (Endpoint("GET /api/v1/claims (HR token)", "/api/v1/claims", None, b'"claims"'), api),
    ]


def measure(port: int, prepared: dict, *, users: int, requests: int, rounds: int) -> dict[str, Figures]:
    plan = endpoints(port, prepared, users)
    for endpoint, clients in plan:  # warm-up: every worker's templates, connections and caches
        run_block(clients, endpoint, 2)
    figures = {e.name: Figures() for e, _ in plan}
    for _ in range(rounds):  # interleaved, so a busy moment of the shared machine hits every endpoint
        for endpoint, clients in plan:
            figures[endpoint.name].add(run_block(clients, endpoint, requests))
    for _, clients in plan:
        for c in clients:
            c.close()
    return figures


def print_figures(title: str, figures: dict[str, Figures], load: str) -> None:
    base = figures[TRIVIAL].pct(95)
    print(f"\n== {title} — {load}")
    print(
        f"{'endpoint':34} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p95/trivial':>12} {'n':>5}  err"
    )
    for name, f in figures.items():
        ratio = f.pct(95) / base
        verdict = (
            ""
            if name.startswith("trivial")
            else (" ok" if ratio <= P95_TARGET else f" over {P95_TARGET:.0f}×")
        )
        print(
            f"{name:34} {f.rps():7.1f} {f.pct(50) * 1000:8.1f} {f.pct(95) * 1000:8.1f} {f.pct(99) * 1000:8.1f} "
            f"{ratio:11.2f}×{verdict:9} {len(f.seconds):>5}  {f.errors}{'  ' + f.first_error if f.errors else ''}"
        )


def print_growth(
    one: dict[str, Figures], many: dict[str, Figures], factor: int, list_pages: set[str]
) -> None:
    print(f"\n== growth of p95 from 1× to {factor}× the claims (goal ≤ {GROWTH_TARGET}× for list pages)")
    for name in one:
        if name.startswith("trivial"):
            continue
        growth = many[name].pct(95) / one[name].pct(95)
        mark = ""
        if name in list_pages:
            mark = " ok" if growth <= GROWTH_TARGET else f" over {GROWTH_TARGET}×"
        print(
            f"{name:34} p95 {one[name].pct(95) * 1000:7.1f} → {many[name].pct(95) * 1000:7.1f} ms  {growth:5.2f}×{mark}"
        )


def start_app(stack: Stack, name: str, *, workers: int, threads: int) -> int:
    port = free_port()
    stack.gunicorn(name, sys.executable, port, workers=workers, threads=threads)
    return port


def load_phase(args, stack: Stack, env: dict, prepared: dict, db_url: str) -> bool:
    stack.env = env
    port = start_app(stack, "gunicorn", workers=args.workers, threads=args.threads)
    print(
        f"-- gunicorn: {args.workers} gthread workers × {args.threads} threads on 127.0.0.1:{port}, DEBUG=0, PostgreSQL"
    )
    one = measure(port, prepared, users=args.users, requests=args.requests, rounds=args.rounds)
    print_figures(
        f"1× claims ({args.users} users, {args.rounds} rounds × {args.requests} requests each)",
        one,
        machine_load(),
    )
    stack.kill("gunicorn", signal.SIGTERM)  # the copies are written with nobody connected
    t = time.monotonic()
    counts = loaddata(env, "multiply", "--factor", str(args.factor))
    vacuum(db_url)
    print(f"\n-- {args.factor}× the claims: {counts} ({time.monotonic() - t:.0f} s with VACUUM ANALYZE)")
    port = start_app(stack, "gunicorn", workers=args.workers, threads=args.threads)
    many = measure(port, prepared, users=args.users, requests=args.requests, rounds=args.rounds)
    print_figures(f"{args.factor}× claims", many, machine_load())
    print_growth(one, many, args.factor, LIST_PAGES)
    stack.kill("gunicorn", signal.SIGTERM)
    failed = sum(f.errors for f in (*one.values(), *many.values()))
    if failed:
        print(f"\nFAIL: {failed} requests failed (see the err column)")
    return not failed


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


# --- main ------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", default=os.environ.get("LOADTEST_PG", "postgres://postgres@127.0.0.1:5432/skillup_load")
    )
    parser.add_argument("--redis", default=os.environ.get("LOADTEST_REDIS", "redis://127.0.0.1:6379"))
    parser.add_argument("--cache-db", type=int, default=13, help="Redis database of the cache (throttles)")
    parser.add_argument("--broker-db", type=int, default=9, help="Redis database of the Celery broker")
    parser.add_argument("--phases", default="load,drill", help="load, drill or both (comma-separated)")
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--requests", type=int, default=12, help="requests per user per endpoint per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=3)
    parser.add_argument("--drill-seconds", type=float, default=60)
    parser.add_argument(
        "--reuse-seed", action="store_true", help="developers: keep/reuse one seeded database"
    )
    parser.add_argument("--keep", action="store_true", help="keep the run's directory (logs) and print it")
    args = parser.parse_args()
    phases = {p.strip() for p in args.phases.split(",") if p.strip()}

    work = Path(tempfile.mkdtemp(prefix="skillup-loadtest-"))
    databases: list[str] = []
    stack = Stack(work, {})
    # SIGTERM (make interrupted, a CI timeout) unwinds like Ctrl-C, through the finally below.
    signal.signal(signal.SIGTERM, _interrupt)
    ok = True
    try:
        import redis

        for db in {args.cache_db, args.broker_db}:
            redis.Redis.from_url(f"{args.redis}/{db}").flushdb()  # only the databases given to this run
        print(f"== SkillUp load test — work dir {work}, {machine_load()}")
        t = time.monotonic()
        seed = reused_seed(args)
        db_url = create_database(args.database, "base", template=seed[0] if seed else None)
        databases.append(db_url)
        env = production_env(
            work,
            database_url=db_url,
            cache_url=f"{args.redis}/{args.cache_db}",
            redis_url=f"{args.redis}/{args.broker_db}",
        )
        if seed:
            env.update(seed[1])
        manage(env, "migrate", "--noinput", "-v", "0")
        if not seed:
            # The demo's market sends SMS while it seeds: to the log, not to the production gateway's address.
            manage(dict(env, SMS_BACKEND="skillup.accounts.sms.LogBackend"), "seed-demo")
            if args.reuse_seed:
                keep_seed(args, db_url, env)
        manage(env, "collectstatic", "--noinput", "-v", "0")
        vacuum(db_url)
        prepared = loaddata(env, "prepare", "--password", PASSWORD, "--tokens", "hr")
        print(
            f"-- demo district {'reused' if seed else 'seeded'}, static collected ({time.monotonic() - t:.0f} s); class {prepared['class_code']}"
        )
        drill_url = None
        if "drill" in phases:  # the drill's own copy of the freshly seeded district (1× claims)
            drill_url = create_database(args.database, "drill", template=urlparse(db_url).path.lstrip("/"))
            databases.append(drill_url)
        if "load" in phases:
            ok = load_phase(args, stack, env, prepared, db_url) and ok
        if drill_url is not None:
            from loaddrill import drill

            drill_env = dict(env, DATABASE_URL=drill_url)
            ok = drill(args, stack, drill_env, PASSWORD, machine_load) and ok
    except KeyboardInterrupt:
        print("\ninterrupted: stopping every process")
        ok = False
    finally:
        stack.stop_all()
        for url in databases:
            try:
                drop_database(url)
            except Exception as exc:  # noqa: BLE001 — report and go on cleaning up
                print(f"could not drop {url}: {exc}")
        if args.keep:
            print(f"run directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n== {'PASS' if ok else 'FAIL'} — {machine_load()}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

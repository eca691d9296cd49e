"""Benchmark of the training supermarket's public search (issue 13: run by `make bench`; never a test).

Over HTTP, as visitors reach it: a throwaway PostgreSQL database is migrated and loaded with 10,000
published offers (with the pg_trgm index of market/0002), then gunicorn serves it with production settings
(DEBUG=0, generated keys, the Redis cache that every worker shares — benchmarks/loadstack.py, the stack of
`make loadtest`). 8 concurrent visitors (keep-alive connections, own cookies) send searches (text, town,
level, price, a later page) and the same visitors hit /livez, the trivial view through the same middleware
stack. It prints requests/s, p50/p95/p99 of the search as visitors get it (market/cache.py: each query built
once a minute) and of the page built on every request (a query string never asked before), and the ratio
of each p95 to the trivial view's. Target: the visitors' search p95 within 3× the trivial view's.

    python benchmarks/market_search.py                        # PostgreSQL at 127.0.0.1, 10,000 offers
    python benchmarks/market_search.py --offers 2000 --requests 10
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from loadclient import Client, Endpoint, Figures, run_block  # noqa: E402
from loadstack import Stack, production_env  # noqa: E402
from loadtest import create_database, drop_database, machine_load, manage, start_app, vacuum  # noqa: E402

TARGET_RATIO = 3.0
CLIENTS = 8
OCCUPATIONS = [
    "焊工",
    "电工",
    "钳工",
    "车工",
    "育婴员",
    "中式烹调师",
    "美容师",
    "电子商务师",
    "保育员",
    "茶艺师",
]
LEVELS = ["初级", "中级", "高级"]
QUERIES = [
    "q=焊工",
    "q=育婴",
    "q=烹调&level=中级",
    "town=baiguan",
    "q=电工&price_max=2500",
    "level=高级&town=daoxu",
    "",
    "q=学校&page=3",
]


def load(n: int) -> None:
    import datetime as dt
    from decimal import Decimal

    from skillup.market import towns
    from skillup.market.models import Offer
    from skillup.registry.models import Filing, FilingItem, Institution, Organisation, OrgKind

    orgs = [
        Organisation.objects.create(
            kind=OrgKind.INSTITUTION, code=f"bench{i}", name=f"上虞区第{i}职业技能培训学校"
        )
        for i in range(40)
    ]
    Institution.objects.bulk_create([Institution(organisation=o) for o in orgs])
    items = {}
    for org in orgs:
        filing = Filing.objects.create(
            institution=org,
            status="approved",
            valid_from=dt.date(2019, 10, 29),
            valid_until=dt.date(2021, 12, 31),
        )
        for occ in OCCUPATIONS:
            items[(org.pk, occ)] = FilingItem.objects.create(
                filing=filing, scheme="vocational_certificate", occupation=occ, levels="初级,中级,高级"
            )
    codes = list(towns.TOWNS)
    rows = []
    for i in range(n):
        org, occ, level, town = orgs[i % 40], OCCUPATIONS[i % 10], LEVELS[i % 3], codes[i % len(codes)]
        title = f"{occ}{level}培训班{i}"
        rows.append(
            Offer(
                institution=org,
                filing_item=items[(org.pk, occ)],
                title=title,
                scheme="vocational_certificate",
                occupation=occ,
                level=level,
                hours=100,
                price=Decimal(1000 + (i * 37) % 4000),
                town=town,
                venue_text=f"{towns.name(town)}实训楼",
                start_date=dt.date(2021, 7, 1) + dt.timedelta(days=i % 150),
                end_date=dt.date(2021, 8, 1) + dt.timedelta(days=i % 150),
                minimum=10,
                seats=30,
                status="published",
                published_at=dt.datetime(2021, 6, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=i),
                search_text=" ".join([title, occ, level, "职业证书培训", org.name, towns.name(town)]).lower(),
            )
        )
    Offer.objects.bulk_create(rows, batch_size=2000)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE market_offer")


def _load_in_process(env: dict, n: int) -> None:
    """The offers, written through the ORM into the run's database (Django set up in this process)."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "skillup.settings"
    import django

    django.setup()
    load(n)
    from django.db import connections

    connections.close_all()


def _block(port: int, path: str, per_client: int, expect: bytes) -> Figures:
    path = quote(path, safe="/?=&")  # the query's Chinese as a browser sends it (UTF-8, percent-encoded)
    clients = [Client(port) for _ in range(CLIENTS)]
    try:
        return run_block(clients, Endpoint(path, path, None, expect), per_client)
    finally:
        for c in clients:
            c.close()


def measure(port: int, requests: int, rounds: int) -> dict[str, Figures]:
    """Interleaved rounds: the visitors' searches (each client walks the queries), pages built on every
    request (8 clients at once on a query string never asked before) and the trivial view."""
    figures = {"visitors": Figures(), "built": Figures(), "trivial": Figures()}
    fresh = itertools.count()
    for query in QUERIES:  # warm-up: every worker's templates and connections; each query cached once
        _block(port, f"/market/?{query}", 1, b"</html>")
    _block(port, "/livez", 2, b'"ok"')
    for _ in range(rounds):
        for query in QUERIES:
            figures["visitors"].add(_block(port, f"/market/?{query}", requests, b"</html>"))
        for query in QUERIES[:4]:
            figures["built"].add(_block(port, f"/market/?{query}&from=bench{next(fresh)}", 1, b"</html>"))
        figures["trivial"].add(_block(port, "/livez", requests * 2, b'"ok"'))
    return figures


def report(figures: dict[str, Figures], offers: int) -> bool:
    base = figures["trivial"].pct(95)
    print(f"market search over HTTP, {offers:,} offers, {CLIENTS} visitors — {machine_load()}")
    print(f"{'':32} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p95/trivial':>12} {'n':>5}  err")
    labels = {
        "visitors": "search, visitors (cached)",
        "built": "search, built every time",
        "trivial": "trivial view /livez",
    }
    for key, label in labels.items():
        f = figures[key]
        print(
            f"{label:32} {f.rps():7.1f} {f.pct(50) * 1000:8.1f} {f.pct(95) * 1000:8.1f} "
            f"{f.pct(99) * 1000:8.1f} {f.pct(95) / base:11.2f}× {len(f.seconds):>5}  {f.errors}"
            f"{'  ' + f.first_error if f.errors else ''}"
        )
    ratio = figures["visitors"].pct(95) / base
    print(
        f"ratio of p95, visitors: {ratio:.2f}× (target ≤ {TARGET_RATIO}×) "
        f"{'OK' if ratio <= TARGET_RATIO else 'ABOVE TARGET'}"
    )
    return not any(f.errors for f in figures.values())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=10, help="requests per visitor per query per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=3)
    parser.add_argument(
        "--database", default=os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/skillup"
    )
    parser.add_argument("--redis", default=os.environ.get("LOADTEST_REDIS", "redis://127.0.0.1:6379"))
    parser.add_argument("--cache-db", type=int, default=8, help="Redis database of the cache (flushed)")
    args = parser.parse_args()
    if not args.database.startswith("postgres"):
        print("market_search: needs PostgreSQL (DATABASE_URL=postgres://…): the target is on PostgreSQL")
        return 2
    import redis

    redis.Redis.from_url(f"{args.redis}/{args.cache_db}").flushdb()
    work = Path(tempfile.mkdtemp(prefix="skillup-market-bench-"))
    stack = Stack(work, {})
    db_url = create_database(args.database, "market")
    try:
        env = production_env(
            work, database_url=db_url, cache_url=f"{args.redis}/{args.cache_db}", redis_url=""
        )
        env.pop("REDIS_URL", None)
        env["SKILLUP_TODAY"] = "2021-06-15"
        manage(env, "migrate", "--noinput", "-v", "0")
        t0 = time.perf_counter()
        _load_in_process(env, args.offers)
        manage(env, "collectstatic", "--noinput", "-v", "0")
        vacuum(db_url)
        print(f"loaded {args.offers:,} offers on PostgreSQL in {time.perf_counter() - t0:.1f} s")
        stack.env = env
        port = start_app(stack, "gunicorn", workers=args.workers, threads=args.threads)
        print(f"gunicorn: {args.workers} gthread workers × {args.threads} threads, DEBUG=0, Redis cache")
        ok = report(measure(port, args.requests, args.rounds), args.offers)
    finally:
        stack.stop_all()
        drop_database(db_url)
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

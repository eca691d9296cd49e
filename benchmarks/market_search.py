"""Benchmark of the training supermarket's public search (issue 13: run by `make bench`; never a test).

Loads 10,000 published offers into a throwaway database (PostgreSQL when DATABASE_URL names one, with the
pg_trgm index of market/0002; else SQLite), then 8 concurrent clients each send searches (text, town, level,
price, and a page of the plain list) through the whole Django stack, and the same clients hit a bare Django
view that returns "ok". It prints p50/p95 of both and the ratio of the p95s. Target: search p95 within 3×
the bare view's.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/skillup python benchmarks/market_search.py
    python benchmarks/market_search.py --offers 2000 --requests 40
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from throwaway import throwaway_database  # noqa: E402

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

    from django.core.management import call_command

    from skillup.market import towns
    from skillup.market.models import Offer
    from skillup.registry.models import Filing, FilingItem, Institution, Organisation, OrgKind

    call_command("migrate", verbosity=0)
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


def _install_bare_view() -> None:
    from django.conf import settings
    from django.http import HttpResponse
    from django.urls import include, path

    def bare(request):
        return HttpResponse("ok")

    module = types.ModuleType("bench_market_urls")
    module.urlpatterns = [path("bare/", bare), path("", include("skillup.urls"))]
    sys.modules["bench_market_urls"] = module
    settings.ROOT_URLCONF = "bench_market_urls"


def hammer(paths: list[str], requests: int) -> list[float]:
    from django.db import connection
    from django.test import Client

    timings: list[float] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        client = Client()
        mine = []
        for r in range(requests):
            url = paths[(k + r) % len(paths)]
            start = time.perf_counter()
            response = client.get(url)
            mine.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        connection.close()
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timings


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000


def run(n: int, requests: int) -> None:
    from django.db import connection

    t0 = time.perf_counter()
    load(n)
    print(f"loaded {n} offers on {connection.vendor} in {time.perf_counter() - t0:.1f} s")
    _install_bare_view()
    from django.conf import settings

    paths = ["/market/?" + q for q in QUERIES]
    settings.MARKET_SEARCH_CACHE_SECONDS = 0  # every request built: the page's own cost
    hammer(paths, 2)  # warm up
    built = hammer(paths, requests)
    settings.MARKET_SEARCH_CACHE_SECONDS = 60  # as served to visitors (market/cache.py)
    hammer(paths, 1)  # warm up: the steady state, each popular query built once a minute
    served = hammer(paths, requests)
    bare = hammer(["/bare/"], requests)
    for label, values in (("search, visitors (cached)", served), ("search, built every time", built)):
        print(
            f"{label} ({CLIENTS} clients × {requests}): p50 {p(values, 50):.1f} ms, p95 {p(values, 95):.1f} ms"
        )
    print(f"bare view ({CLIENTS} clients × {requests}): p50 {p(bare, 50):.1f} ms, p95 {p(bare, 95):.1f} ms")
    ratio = p(served, 95) / p(bare, 95)
    print(
        f"ratio of p95, visitors: {ratio:.2f}× (target ≤ {TARGET_RATIO}×) "
        f"{'OK' if ratio <= TARGET_RATIO else 'ABOVE TARGET'}; built every time: {p(built, 95) / p(bare, 95):.2f}×"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    url, cleanup = throwaway_database(os.environ.get("DATABASE_URL", ""), "market")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ["SKILLUP_TODAY"] = "2021-06-15"
    os.environ["DJANGO_SETTINGS_MODULE"] = "skillup.settings"
    import django

    django.setup()
    try:
        run(args.offers, args.requests)
    finally:
        cleanup()


if __name__ == "__main__":
    main()

"""Historical-record import benchmark (run by `make bench`; never part of the tests).

Imports 50,000 historical rows through the real service (`records.services.history_import_rows`: every
check, identity numbers validated and matched by keyed hash in bulk, one batch, one audit row) and
compares it with a bare `bulk_create` of the same rows (already built) into the same database: the limit.
Also the same rows from the uploaded .xlsx bytes (the safe reader included). Target: the service within
5x of the bare insert.

    python benchmarks/bench_records_import.py                # SQLite, throwaway file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/skillup python benchmarks/bench_records_import.py
    python benchmarks/bench_records_import.py --rows 5000    # scaled down
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from throwaway import throwaway_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--per-person", type=int, default=5)
    parser.add_argument("--no-xlsx", action="store_true")
    args = parser.parse_args()
    url, cleanup = throwaway_database(os.environ.get("DATABASE_URL", ""), "bench")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SKILLUP_TODAY", "2021-06-15")
    os.environ["DJANGO_SETTINGS_MODULE"] = "skillup.settings"
    import django

    django.setup()
    try:
        run(args.rows, args.per_person, xlsx=not args.no_xlsx)
    finally:
        cleanup()


def run(n: int, per_person: int, *, xlsx: bool) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from openpyxl import Workbook

    from skillup.accounts.models import User
    from skillup.records import services
    from skillup.records.models import HistoricalEntry, ImportBatch
    from skillup.registry.models import Organisation, OrgKind, Person
    from skillup.registry.services import person_build
    from skillup.registry.validators import make_id_number

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, rows: {n:,} ({per_person} per person)")
    hr = Organisation.objects.create(kind=OrgKind.HR, code="rsj", name="区人力社保局")
    user = User.objects.create(username="bench", role="hr", organisation=hr)
    people_n = max(1, n // per_person)
    numbers = [
        make_id_number(
            "330604", dt.date(1965, 1, 1) + dt.timedelta(days=k % 12000), (k // 12000) % 1000, "男"
        )
        for k in range(people_n)
    ]
    Person.objects.bulk_create(
        [
            person_build(number=x, name=f"学员{i}", phone="", codes=["employee"])
            for i, x in enumerate(numbers)
        ],
        batch_size=1000,
    )
    people = dict(Person.objects.values_list("name", "id"))

    def cells(i: int) -> list[str]:
        p = i % people_n
        year = 2010 + i % 10
        return [
            numbers[p], f"学员{p}", str(year), f"{year}-03-01", f"{year}-03-20", "上虞区职业技能培训学校",
            "电工", "初级", "80", f"S{i:010d}", "绍兴市职业技能鉴定中心", "原就业培训管理系统",
        ]  # fmt: skip

    rows = [(i + 2, cells(i)) for i in range(n)]

    # The limit: the same rows, already built, bulk-inserted under one batch.
    now = timezone.now()
    batch = ImportBatch.objects.create(file_name="bare", sha256="", rows=n, imported_by=user)
    objs = [
        HistoricalEntry(
            person_id=people[c[1]], year=int(c[2]), start_date=dt.date.fromisoformat(c[3]),
            end_date=dt.date.fromisoformat(c[4]), institution_name=c[5], occupation=c[6], level=c[7],
            hours=c[8], certificate_no=c[9], certificate_issuer=c[10], source_system=c[11], batch=batch,
            imported_by=user, imported_at=now,
        )
        for _, c in rows
    ]  # fmt: skip
    t = time.perf_counter()
    with transaction.atomic():
        HistoricalEntry.objects.bulk_create(objs, batch_size=2000)
    bare = time.perf_counter() - t
    print(f"bare bulk_create:                  {bare:7.3f} s  {n / bare:10,.0f} rows/s")

    t = time.perf_counter()
    result = services.history_import_rows(actor=user, rows=rows, dry_run=False, file_name="bench")
    service = time.perf_counter() - t
    assert result.count == n and result.error_count == 0, result.errors[:3]
    print(
        f"service import (parsed rows):      {service:7.3f} s  {n / service:10,.0f} rows/s  ratio {service / bare:4.2f}x"
    )

    t = time.perf_counter()
    dry = services.history_import_rows(actor=user, rows=rows, dry_run=True)
    dry_time = time.perf_counter() - t
    assert dry.count == n
    print(f"dry run (checks only, no writes):  {dry_time:7.3f} s")

    if xlsx:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("历史培训记录")
        ws.append(services.HEADERS)
        for _, c in rows:
            ws.append(c)
        buffer = io.BytesIO()
        wb.save(buffer)
        t = time.perf_counter()
        result = services.history_import(actor=user, content=buffer.getvalue(), dry_run=False, file_name="x")
        whole = time.perf_counter() - t
        assert result.count == n
        print(
            f"xlsx upload (reading included):    {whole:7.3f} s  {n / whole:10,.0f} rows/s  ratio {whole / bare:4.2f}x"
            "  (openpyxl's read of the sheet is most of it)"
        )
    ratio = service / bare
    print(
        f"target: service within 5x of the bare insert — {'met' if ratio <= 5 else 'NOT met'} ({ratio:.2f}x)"
    )


if __name__ == "__main__":
    main()

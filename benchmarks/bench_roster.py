"""Roster import benchmark (run by `make bench`; never part of the tests).

Imports a 10,000-row roster — as .xlsx and as API JSON — through the real service (every check, new
people registered with encrypted identity numbers, one audit row), and compares it with a bare bulk
insert of the same rows (people already built and encrypted, enrolments) into the same database: the
limit. Target: the import within 5x of the bare insert, on SQLite and on PostgreSQL.

    python benchmarks/bench_roster.py                 # SQLite, throwaway file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/skillup python benchmarks/bench_roster.py
                                                      # PostgreSQL, throwaway database <name>_bench_<pid>
    python benchmarks/bench_roster.py --rows 2000     # scaled down
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
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    url, cleanup = throwaway_database(os.environ.get("DATABASE_URL", ""), "bench")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SKILLUP_TODAY", "2021-06-15")
    os.environ["DJANGO_SETTINGS_MODULE"] = "skillup.settings"
    import django

    django.setup()
    try:
        run(args.rows)
    finally:
        cleanup()


def run(n: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from openpyxl import Workbook

    from skillup.accounts.models import User
    from skillup.registry import crypto
    from skillup.registry.models import Organisation, OrgKind, Person
    from skillup.registry.services import person_build
    from skillup.registry.validators import make_id_number
    from skillup.training.models import Enrolment, TrainingClass
    from skillup.training.roster import roster_import, rows_from_json, rows_from_xlsx

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, rows: {n:,}")
    institution = Organisation.objects.create(
        kind=OrgKind.INSTITUTION, code="bench-inst", name="基准测试培训学校"
    )
    department = Organisation.objects.create(kind=OrgKind.HR, code="rsj", name="区人力社保局")
    user = User.objects.create(username="bench", role="institution", organisation=institution)

    def klass(tag: str) -> TrainingClass:
        return TrainingClass.objects.create(
            code=f"BENCH-{tag}",
            institution=institution,
            department=department,
            scheme="vocational_certificate",
            occupation="焊工",
            level="初级",
            hours=70,
            start_date=dt.date(2021, 7, 1),
            end_date=dt.date(2021, 7, 20),
            venue="实训楼",
            capacity=n,
            status=TrainingClass.Status.APPROVED,
        )

    def numbers(offset: int) -> list[str]:
        out = []
        for i in range(n):
            k = offset + i
            birth = dt.date(1965, 1, 1) + dt.timedelta(days=k % 12000)
            out.append(make_id_number("330604", birth, (k // 12000) % 1000, "男" if k % 2 else "女"))
        return out

    def trainees(ids: list[str]) -> list[dict]:
        return [
            {"id_number": x, "name": f"学员{i}", "phone": f"138{i:08d}", "groups": "企业职工、退役军人"}
            for i, x in enumerate(ids)
        ]

    # The limit: the same rows, already validated and encrypted, bulk-inserted with their enrolments.
    bare_ids = numbers(0)
    t = time.perf_counter()
    people = [
        person_build(number=x, name=f"学员{i}", phone=f"138{i:08d}", codes=["employee", "veteran"])
        for i, x in enumerate(bare_ids)
    ]
    build = time.perf_counter() - t
    t = time.perf_counter()
    for x in bare_ids:
        crypto.encrypt(x)
    fernet = time.perf_counter() - t
    bare_class = klass("bare")
    t = time.perf_counter()
    with transaction.atomic():
        created = Person.objects.bulk_create(people, batch_size=1000)
        Enrolment.objects.bulk_create(
            [Enrolment(klass=bare_class, person_id=p.pk, source="api") for p in created], batch_size=1000
        )
    bare = time.perf_counter() - t
    print(f"bare bulk insert (people + enrolments): {bare:7.3f} s  {n / bare:10,.0f} rows/s")
    print(
        f"  (building the rows outside the timing: {build:.3f} s, of which Fernet encryption {fernet:.3f} s)"
    )

    # xlsx: read + every check + registration + enrolment + audit, from the uploaded bytes.
    xlsx_ids = numbers(200_000)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名册")
    ws.append(["身份证号", "姓名", "手机号", "人员类别"])
    for row in trainees(xlsx_ids):
        ws.append([row["id_number"], row["name"], row["phone"], row["groups"]])
    buffer = io.BytesIO()
    wb.save(buffer)
    content = buffer.getvalue()
    target = klass("xlsx")
    t = time.perf_counter()
    rows = rows_from_xlsx(content)
    parsed = time.perf_counter() - t
    result = roster_import(actor=user, klass=target, rows=rows, source="xlsx")
    xlsx_time = time.perf_counter() - t
    assert result["added"] == n and result["registered"] == n, result
    print(
        f"xlsx import (all new people):           {xlsx_time:7.3f} s  {n / xlsx_time:10,.0f} rows/s  "
        f"ratio {xlsx_time / bare:4.2f}x  (reading the file {parsed:.3f} s)"
    )

    json_ids = numbers(400_000)
    target = klass("json")
    payload = trainees(json_ids)
    t = time.perf_counter()
    result = roster_import(actor=user, klass=target, rows=rows_from_json(payload), source="api")
    json_time = time.perf_counter() - t
    assert result["added"] == n, result
    print(
        f"JSON import (all new people):           {json_time:7.3f} s  {n / json_time:10,.0f} rows/s  "
        f"ratio {json_time / bare:4.2f}x"
    )

    # The same people again into another class: every row found by hash, nobody registered.
    target = klass("again")
    TrainingClass.objects.filter(pk=target.pk).update(
        start_date=dt.date(2021, 9, 1), end_date=dt.date(2021, 9, 20)
    )
    target.refresh_from_db()
    t = time.perf_counter()
    result = roster_import(actor=user, klass=target, rows=rows_from_json(payload), source="api")
    again = time.perf_counter() - t
    assert result["registered"] == 0, result
    print(
        f"JSON import (all people known):         {again:7.3f} s  {n / again:10,.0f} rows/s  "
        f"ratio {again / bare:4.2f}x"
    )
    worst = max(xlsx_time, json_time) / bare
    print(f"target: within 5x of the bare insert — {'met' if worst <= 5 else 'NOT met'} (worst {worst:.2f}x)")


if __name__ == "__main__":
    main()

"""Benchmark of the in-app integrity scan over the database (run by `make bench`; never part of the tests).

`bench_integrity.py` times the pure engine on an export file. This one loads the same synthetic district
(1,300 classes, ~300,000 attendance records, ~28,000 claims) into a throwaway database — SQLite, and
PostgreSQL when DATABASE_URL names one — and times what the nightly task and HR's "scan now" do:
`services.scan_command()`: read the activity from the database (integrity/export.py), run the engine, and
store the run and its findings. It prints each phase, then the half-size district, and the ratio (a
linear scan gives ≈ 2). Target: under 60 s at full size (issue 11).

    python benchmarks/bench_integrity_db.py                 # full size
    python benchmarks/bench_integrity_db.py --classes 300   # scaled down
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from bench_integrity import district  # noqa: E402
from throwaway import throwaway_database  # noqa: E402

TARGET_SECONDS = 60


def child(n_classes: int) -> None:
    url, cleanup = throwaway_database(os.environ.get("DATABASE_URL", ""), "integrity")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ["SKILLUP_TODAY"] = "2021-06-15"
    os.environ["DJANGO_SETTINGS_MODULE"] = "skillup.settings"
    import django

    django.setup()
    try:
        run(n_classes)
    finally:
        cleanup()


def _lines(n_classes: int) -> list[str]:
    made = district(n_classes)
    return made[0] if isinstance(made, tuple) else made


def load(lines: list[str]) -> dict:
    """The export's records as rows of the real tables (bulk inserts; ids mapped to row ids)."""
    from django.core.management import call_command
    from django.utils import timezone

    from skillup.accounts.models import AuditHead, User
    from skillup.accounts.roles import Role
    from skillup.registry.models import Institution, Organisation, OrgKind, Person
    from skillup.subsidies.models import Claim
    from skillup.training.models import Attendance, Enrolment, TrainingClass

    call_command("migrate", verbosity=0)
    AuditHead.objects.get_or_create(pk=1)
    by_type: dict[str, list[dict]] = {}
    for line in lines:
        r = json.loads(line)
        by_type.setdefault(r["type"], []).append(r)
    dept = Organisation.objects.create(kind=OrgKind.DEPARTMENT, code="jxj", name="区经信局")
    clerk = User.objects.create(username="bench", role=Role.HR)
    orgs = Organisation.objects.bulk_create(
        [Organisation(kind=OrgKind.INSTITUTION, code=r["id"], name=r["name"]) for r in by_type["institution"]]
    )
    Institution.objects.bulk_create([Institution(organisation=o) for o in orgs])
    inst = {o.code: o.pk for o in Organisation.objects.filter(kind=OrgKind.INSTITUTION)}
    people = [
        Person(
            id_cipher="bench",
            id_hash=hashlib.sha256(r["id"].encode()).hexdigest(),
            id_masked="330***********0000",
            name="学员",
            sex="F",
            birth_date=dt.date.fromisoformat(r["birth_date"]),
            phone=r["phone"][:11],
            pension=bool(r.get("pension")),
        )
        for r in by_type["person"]
    ]
    Person.objects.bulk_create(people, batch_size=2000)
    person = dict(zip((r["id"] for r in by_type["person"]), (p.pk for p in people), strict=True))
    classes = [
        TrainingClass(
            code=r["id"],
            institution_id=inst[r["institution"]],
            department=dept,
            scheme=r["scheme"],
            occupation=r["occupation"],
            level=r["level"],
            hours=r["hours"],
            start_date=dt.date.fromisoformat(r["start_date"]),
            end_date=dt.date.fromisoformat(r["end_date"]),
            venue=r["venue"],
            capacity=r["capacity"],
            status=TrainingClass.Status.FINISHED,
        )
        for r in by_type["class"]
    ]
    TrainingClass.objects.bulk_create(classes, batch_size=2000)
    klass = {c.code: c.pk for c in classes}
    enrolments = [
        Enrolment(klass_id=klass[r["class"]], person_id=person[r["person"]], source=Enrolment.Source.FORM)
        for r in by_type["enrolment"]
    ]
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    enrolment = {(e.klass_id, e.person_id): e.pk for e in enrolments}
    tz = timezone.get_current_timezone()

    def aware(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text).replace(tzinfo=tz)

    Attendance.objects.bulk_create(
        [
            Attendance(
                enrolment_id=enrolment[(klass[r["class"]], person[r["person"]])],
                date=dt.date.fromisoformat(r["at"][:10]),
                hours=Decimal(str(r["hours"])),
                method=r["method"],
                low_trust=r["method"] == "manual",
                device=r["device"],
                source_ip=r["ip"] or None,
                checked_in_at=aware(r["at"]),
                recorded_at=aware(r["recorded_at"]),
            )
            for r in by_type["attendance"]
        ],
        batch_size=5000,
    )
    Claim.objects.bulk_create(
        [
            Claim(
                scheme=r["scheme"],
                person_id=person[r["person"]],
                klass_id=klass[r["class"]],
                department=dept,
                year=int(r["created_at"][:4]),
                entitlement_date=dt.date.fromisoformat(r["created_at"][:10]),
                payee_kind=r["payee_kind"],
                payee_name="学员",
                payee_account=r["payee_account"][:40],
                amount=Decimal(r["amount"]),
                status=Claim.Status.CHECKED,
                created_by=clerk,
            )
            for r in by_type["claim"]
        ],
        batch_size=5000,
    )
    return {t: len(rs) for t, rs in by_type.items()}


def run(n_classes: int) -> None:
    from django.db import connection

    from skillup.integrity import engine, services
    from skillup.integrity.models import ScanRun

    t0 = time.perf_counter()
    counts = load(_lines(n_classes))
    loaded = time.perf_counter() - t0
    t0 = time.perf_counter()
    act, _ = services.activity()
    read = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = engine.scan(act)
    scanned = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = services.scan_command()  # the real path: read + scan + store, as the nightly task
    total = time.perf_counter() - t0
    assert result.status == ScanRun.Status.DONE, result.error
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "classes": counts.get("class", 0),
                "attendance": counts.get("attendance", 0),
                "claims": counts.get("claim", 0),
                "load_s": round(loaded, 2),
                "read_from_db_s": round(read, 2),
                "engine_s": round(scanned, 2),
                "scan_and_store_s": round(total, 2),
                "findings": len(found),
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--classes", type=int, default=1300)
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    figures = {}
    for size in (args.classes, args.classes // 2):
        out = (
            subprocess.run(
                [sys.executable, __file__, "--child", str(size)], capture_output=True, text=True, check=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        figures[size] = json.loads(out)
        print(f"integrity scan over the database: {out}")
    full, half = figures[args.classes], figures[args.classes // 2]
    ratio = full["scan_and_store_s"] / max(half["scan_and_store_s"], 1e-9)
    verdict = "OK" if full["scan_and_store_s"] < TARGET_SECONDS else "SLOW"
    print(
        f"{full['database']}: {full['classes']} classes, {full['attendance']} attendance, {full['claims']} claims "
        f"scanned and stored in {full['scan_and_store_s']} s (target < {TARGET_SECONDS} s: {verdict}); "
        f"full ÷ half = {ratio:.2f} (linear ≈ 2)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

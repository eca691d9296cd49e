"""Bulk approval benchmark (run by `make bench`; never part of the tests).

Builds a finished class of N passed trainees, claims it (automatic checks for every trainee), then has
the department, HR and Finance each approve all N claims in ONE bulk action through the real service:
people locked in one SELECT … FOR UPDATE, claims locked, checks re-run with each person's history,
budgets held, statuses and review rows written in bulk, audit rows appended to the hash chain, and at
Finance's step one balanced ledger entry per claim. Prints claims per second per step.
Target: ≥ 500 claims/s for each approval step on PostgreSQL.

    python benchmarks/bench_approval.py                  # SQLite (throwaway file), and PostgreSQL too
                                                         # when DATABASE_URL points at one
    python benchmarks/bench_approval.py --claims 2000    # scaled down
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from throwaway import throwaway_database  # noqa: E402

TARGET = 500


def child(n: int) -> None:
    url, cleanup = throwaway_database(os.environ.get("DATABASE_URL", ""), "approval")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ["SKILLUP_TODAY"] = "2021-06-15"
    os.environ["DJANGO_SETTINGS_MODULE"] = "skillup.settings"
    import django

    django.setup()
    try:
        run(n)
    finally:
        cleanup()


def run(n: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum

    from skillup.accounts.models import AuditHead, User
    from skillup.accounts.roles import Role
    from skillup.fund.models import Budget, JournalLine
    from skillup.registry import crypto
    from skillup.registry.models import Filing, FilingItem, Institution, Organisation, OrgKind, Person
    from skillup.registry.validators import make_id_number, mask_id_number
    from skillup.subsidies.models import Claim
    from skillup.subsidies.review import claims_review_bulk
    from skillup.subsidies.services import claims_create_for_class
    from skillup.training.models import Enrolment, Result, TrainingClass

    call_command("migrate", verbosity=0)
    AuditHead.objects.get_or_create(pk=1)
    hr_org = Organisation.objects.create(kind=OrgKind.HR, code="rsj", name="区人力社保局")
    fin_org = Organisation.objects.create(kind=OrgKind.FINANCE, code="czj", name="区财政局")
    dept = Organisation.objects.create(kind=OrgKind.DEPARTMENT, code="jxj", name="区经信局")
    inst = Organisation.objects.create(
        kind=OrgKind.INSTITUTION, code="inst", name="上虞区基准培训学校", bank_account="62280000000001"
    )
    Institution.objects.create(organisation=inst)
    users = {
        role: User.objects.create(username=role, role=role, organisation=org)
        for role, org in [
            (Role.HR, hr_org),
            (Role.FINANCE, fin_org),
            (Role.DEPT, dept),
            (Role.INSTITUTION, inst),
        ]
    }
    filing = Filing.objects.create(
        institution=inst, status="approved", valid_from=dt.date(2019, 1, 1), valid_until=dt.date(2022, 12, 31)
    )
    FilingItem.objects.create(
        filing=filing, scheme="vocational_certificate", occupation="焊工", levels="高级"
    )
    Budget.objects.create(department=dept, year=2021, amount=Decimal(n) * 4000)
    klass = TrainingClass.objects.create(
        code="BENCH",
        institution=inst,
        department=dept,
        scheme="vocational_certificate",
        occupation="焊工",
        level="高级",
        hours=100,
        start_date=dt.date(2021, 3, 1),
        end_date=dt.date(2021, 5, 20),
        venue="实训基地",
        capacity=n,
        status="finished",
    )
    people = []
    for i in range(n):
        number = make_id_number(
            "330604", dt.date(1970, 1, 1) + dt.timedelta(days=i % 12000), i % 1000, "男" if i % 2 else "女"
        )
        people.append(
            Person(
                id_cipher=crypto.encrypt(number),
                id_hash=crypto.lookup_hash(number),
                id_masked=mask_id_number(number),
                name=f"学员{i}",
                sex="男",
                birth_date=dt.date(1980, 1, 1),
                groups=",employee,",
                citizen_card=f"3306{i:08d}",
            )
        )
    # make_id_number can repeat for different i; the hash must be unique, so salt repeats.
    seen = set()
    for i, p in enumerate(people):
        if p.id_hash in seen:
            p.id_hash = f"{p.id_hash[:56]}{i:08d}"
        seen.add(p.id_hash)
    Person.objects.bulk_create(people, batch_size=2000)
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(klass=klass, person=p, source="api") for p in people], batch_size=2000
    )
    Result.objects.bulk_create(
        [
            Result(
                enrolment=e,
                passed=True,
                certificate_no=f"B{i:06d}",
                issuer="鉴定中心",
                occupation="焊工",
                level="高级",
                certified_on=dt.date(2021, 5, 20),
                attended_hours=Decimal(100),
            )
            for i, e in enumerate(enrolments)
        ],
        batch_size=2000,
    )

    vendor = connection.vendor
    t0 = time.perf_counter()
    created = claims_create_for_class(actor=users[Role.INSTITUTION], klass=klass)
    create_s = time.perf_counter() - t0
    assert len(created) == n and all(c.status == "checked" for c in created)
    ids = [c.pk for c in created]
    print(f"  [{vendor}] claim creation from a class ({n} claims, checks): {n / create_s:,.0f} claims/s")
    worst = None
    for role, label in [(Role.DEPT, "department"), (Role.HR, "HR"), (Role.FINANCE, "finance (+ ledger)")]:
        t0 = time.perf_counter()
        summary = claims_review_bulk(actor=users[role], claim_ids=ids, decision="approve")
        seconds = time.perf_counter() - t0
        assert len(summary.approved) == n, summary.message()
        rate = n / seconds
        worst = rate if worst is None else min(worst, rate)
        print(
            f"  [{vendor}] bulk approval, {label} step: {n:,} claims in {seconds:.2f} s = {rate:,.0f} claims/s"
        )
    assert Claim.objects.filter(status="finance_approved").count() == n
    books = JournalLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    assert books["d"] == books["c"] == Decimal("3500.00") * n
    print(
        f"  [{vendor}] slowest step {worst:,.0f} claims/s; target {TARGET}/s → ratio {worst / TARGET:.2f}x "
        f"({'met' if worst >= TARGET else 'NOT met'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.claims)
        return
    url = os.environ.get("DATABASE_URL", "")
    targets = [("SQLite", "")] + ([("PostgreSQL", url)] if url.startswith("postgres") else [])
    for name, db in targets:
        print(f"== bulk approval on {name}")
        env = {**os.environ, "DATABASE_URL": db}
        subprocess.run(
            [sys.executable, __file__, "--child", "--claims", str(args.claims)], env=env, check=True
        )


if __name__ == "__main__":
    main()

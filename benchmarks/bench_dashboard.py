"""Benchmark of the district dashboard and a monthly report over a province-sized data set (make bench).

A throwaway database gets --n claims (default 1,000,000) made by one INSERT … SELECT over a generated
series — 15 departments, 25 schemes, every status, entitlement dates 2019-11 … 2021-06, 200,000 people
with target groups; each claim carries facts and a basis of a real quote's width (about 1.2 kB of JSON, as
`checks.run` stores them, so a heap scan costs what it costs in production) — then VACUUM ANALYZE (a nightly
vacuumed database: statistics fresh and the visibility map set, which index-only scans need). The rollup's
triggers fire on that INSERT (one statement-level delta on PostgreSQL; row by row on SQLite), so the
generation time includes keeping the rollup. Timed, best of --repeat:
  dashboard          planning.dashboard.build(): the whole dashboard's figures from the claim rollup
  dashboard, fresh   the same with fresh=True: the claim figures aggregated from the claims (the old way)
  monthly            planning.figures.for_month(): one department's monthly report (reads the claims)
  rollup --verify    subsidies.selectors_rollup.differences(): the nightly check, a full fresh aggregate
and the same figures computed by bare SQL over the claims (the limit of the old way: the aggregation
alone, no ORM, no Python folding). The two dashboards' figures are checked equal, and the rollup exact.
Target (issue 16 item 3): dashboard < 0.3 s on PostgreSQL at 1,000,000 claims.

    python benchmarks/bench_dashboard.py                    # PostgreSQL at 127.0.0.1, 1,000,000 claims
    python benchmarks/bench_dashboard.py --n 100000         # scaled down
    python benchmarks/bench_dashboard.py --sqlite --n 200000
The database is dropped afterwards (--keep to keep it; BENCH_PG_NAME names it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=1_000_000, help="claims to generate")
    p.add_argument("--people", type=int, default=200_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--sqlite", action="store_true", help="use a temporary SQLite file instead of PostgreSQL")
    p.add_argument("--keep", action="store_true", help="keep the throwaway database")
    return p.parse_args()


def setup_database(args) -> tuple[str, callable]:
    if args.sqlite:
        path = Path(tempfile.mkdtemp(prefix="bench-dashboard-")) / "bench.sqlite3"
        return f"sqlite:///{path}", (lambda: None if args.keep else path.unlink(missing_ok=True))
    import psycopg

    name = os.environ.get("BENCH_PG_NAME", f"skillup_bench_dashboard_{os.getpid()}")
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        if args.keep:
            print(f"kept database {name}")
            return
        from django.db import connections

        connections.close_all()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", drop


SCHEMES = [
    "vocational_certificate",
    "post_skill_upgrade",
    "skill_level_certificate",
    "special_ability",
    "project_training",
    "rural_leader_training",
    "employment_startup_training",
    "startup_awareness_training",
    "syb_training",
    "special_operation_safety",
    "veteran_skill_training",
    "modern_apprenticeship",
    "new_apprenticeship",
    "chemical_dual_certificate",
    "elite_training",
    "living_allowance",
    "directed_graduate_hiring",
    "enterprise_evaluation",
    "chief_technician_allowance",
    "difficult_enterprise_training",
    "enterprise_competition",
    "district_competition",
    "ui_skill_upgrade",
    "high_skill_training_grant",
    "skill_promotion_bonus",
]
STATUSES = ["paid"] * 6 + [
    "finance_approved",
    "in_batch",
    "hr_approved",
    "dept_approved",
    "checked",
    "rejected",
    "refused",
    "payment_failed",
]
LEVELS = ["初级", "中级", "高级", "技师", "高级技师", "", ""]
GROUPS = [
    ",employee,",
    ",employee,rural_migrant,",
    ",unemployed,",
    ",veteran,",
    ",graduate,",
    ",farmer,",
    ",employment_difficulty,disabled,",
    ",two_after,",
    ",low_income_rural,",
    ",student,",
]


# A claim's stored facts and basis as `subsidies.checks.run` writes them for a vocational certificate.
FACTS = {"occupation": "焊工", "level": "中级", "certificate_no": "S000000000000000", "hours": 96}
BASIS = [
    {"rule": "pension", "clause": "第14条", "detail": "第14条：未按月领取养老金，可纳入培训政策范围"},
    {
        "rule": "occupation_category",
        "clause": "附件2",
        "detail": "附件2 职业证书培训（就业技能）：所报工种属A类",
    },
    {
        "rule": "standard",
        "clause": "附件2 职业证书培训",
        "detail": "附件2 职业证书培训 A类 中级：标准 2400.00 元（有效期 2019-10-29 至 2021-12-31）",
    },
    {
        "rule": "minimum_duration",
        "clause": "附件2 职业证书培训",
        "detail": "附件2 职业证书培训：要求不少于 80 课时，已达到",
    },
    {"rule": "annual_limit", "clause": "第20条", "detail": "第20条：本年度第1次补贴，未超过每年3次"},
    {
        "rule": "repeat_level",
        "clause": "第20条",
        "detail": "第20条：此前未享受过同一项目同一职业（项目）同一等级的补贴",
    },
    {
        "rule": "conclusion",
        "clause": "附件2 职业证书培训（就业技能）；第1条",
        "detail": "符合条件，按标准补贴 2400.00 元",
    },
    {"rule": "filing", "clause": "第1条", "detail": "培训机构已备案该职业（工种）等级的培训项目"},
]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False).replace("'", "''")


def _array(values) -> str:
    return "ARRAY[" + ",".join("'" + v + "'" for v in values) + "]"


def generate(args) -> None:
    from django.db import connection

    from skillup.accounts.models import User
    from skillup.registry.models import Organisation, OrgKind

    depts = [
        Organisation(
            kind=OrgKind.DEPARTMENT, code=f"d{i:02d}", name=f"区部门{i:02d}", short_name=f"部门{i:02d}"
        )
        for i in range(15)
    ]
    Organisation.objects.bulk_create(depts)
    user = User.objects.create(username="bench", role="hr")
    first, last = min(d.pk for d in depts), max(d.pk for d in depts)
    days = (dt.date(2021, 6, 14) - dt.date(2019, 11, 1)).days
    pg = connection.vendor == "postgresql"
    t0 = time.perf_counter()
    with connection.cursor() as c:
        if pg:
            c.execute(f"""
                INSERT INTO registry_person (id_cipher, id_hash, id_masked, name, sex, birth_date, phone, groups,
                    pension, citizen_card, created_at, updated_at)
                SELECT 'x', md5(i::text), '330604********' || lpad((i % 10000)::text, 4, '0'), '测试' || i, '男',
                    DATE '1980-01-01' + (i % 9000), '', ({_array(GROUPS)})[1 + i % {len(GROUPS)}], false, '', now(), now()
                FROM generate_series(1, {args.people}) AS i""")
            c.execute("SELECT min(id), max(id) FROM registry_person")
            pmin, pmax = c.fetchone()
            c.execute(f"""
                INSERT INTO subsidies_claim (scheme, person_id, department_id, occupation, level, entitlement_date,
                    year, payee_kind, payee_name, payee_account, facts, eligible, amount, basis, refusals, status,
                    created_by_id, created_at, updated_at)
                SELECT ({_array(SCHEMES)})[1 + (i * 7) % {len(SCHEMES)}],
                       CASE WHEN i % 20 = 0 THEN NULL ELSE {pmin} + (i * 31) % ({pmax} - {pmin} + 1) END,
                       {first} + (i * 13) % ({last} - {first} + 1), '焊工', ({_array(LEVELS)})[1 + (i * 3) % {len(LEVELS)}],
                       d, extract(year FROM d)::int, 'person', '测试', '6228', '{_json(FACTS)}', true,
                       (500 + (i * 37) % 5500)::numeric(12, 2) / 1, '{_json(BASIS)}', '[]',
                       ({_array(STATUSES)})[1 + (i * 11) % {len(STATUSES)}], {user.pk}, now(), now()
                FROM (SELECT i, DATE '2019-11-01' + (i * 17) % {days} AS d FROM generate_series(1, {args.n}) AS i) s""")
            c.execute("VACUUM ANALYZE")
        else:
            c.execute(f"""
                WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {args.people})
                INSERT INTO registry_person (id_cipher, id_hash, id_masked, name, sex, birth_date, phone, groups,
                    pension, citizen_card, created_at, updated_at)
                SELECT 'x', 'h' || i, '330604********0000', '测试' || i, '男', date('1980-01-01', '+' || (i % 9000) || ' days'),
                    '', CASE i % 3 WHEN 0 THEN ',employee,' WHEN 1 THEN ',unemployed,veteran,' ELSE ',farmer,' END,
                    0, '', datetime('now'), datetime('now') FROM s""")
            c.execute("SELECT min(id), max(id) FROM registry_person")
            pmin, pmax = c.fetchone()
            schemes = (
                "CASE (i * 7) % 5 "
                + " ".join(f"WHEN {k} THEN '{s}'" for k, s in enumerate(SCHEMES[:4] + ["elite_training"]))
                + " END"
            )
            statuses = (
                "CASE (i * 11) % 8 "
                + " ".join(f"WHEN {k} THEN '{s}'" for k, s in enumerate(STATUSES[5:13]))
                + " END"
            )
            c.execute(f"""
                WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {args.n})
                INSERT INTO subsidies_claim (scheme, person_id, department_id, occupation, level, entitlement_date,
                    year, payee_kind, payee_name, payee_account, facts, eligible, amount, basis, refusals, status,
                    created_by_id, created_at, updated_at)
                SELECT {schemes}, CASE WHEN i % 20 = 0 THEN NULL ELSE {pmin} + (i * 31) % ({pmax} - {pmin} + 1) END,
                       {first} + (i * 13) % ({last} - {first} + 1), '焊工', CASE i % 3 WHEN 0 THEN '技师' ELSE '中级' END,
                       date('2019-11-01', '+' || ((i * 17) % {days}) || ' days'),
                       CAST(strftime('%Y', date('2019-11-01', '+' || ((i * 17) % {days}) || ' days')) AS INTEGER),
                       'person', '测试', '6228', '{_json(FACTS)}', 1, (500 + (i * 37) % 5500), '{_json(BASIS)}', '[]', {statuses},
                       {user.pk}, datetime('now'), datetime('now') FROM s""")
            c.execute("ANALYZE")
    print(
        f"generated {args.n:,} claims and {args.people:,} people in {time.perf_counter() - t0:.1f} s ({connection.vendor})"
    )


BARE_DASHBOARD = [
    # the same figures as dashboard.build(), as bare SQL: main aggregate, groups, elite, plan and budget tables
    """SELECT department_id, scheme, status, {month}, count(*), count(person_id), sum(amount),
              count(person_id) FILTER (WHERE level IN {high})
       FROM subsidies_claim GROUP BY 1, 2, 3, 4""",
    """SELECT p.groups, count(*) FROM subsidies_claim c JOIN registry_person p ON p.id = c.person_id
       WHERE c.status IN {approved} AND c.year = 2021 GROUP BY 1""",
    """SELECT count(DISTINCT person_id) FROM subsidies_claim
       WHERE status IN {approved} AND scheme = 'elite_training' AND person_id IS NOT NULL""",
    """SELECT plan.department_id, sum(l.person_times) FROM planning_planline l
       JOIN planning_annualplan plan ON plan.id = l.plan_id WHERE plan.year = 2021 AND plan.status = 'acknowledged'
       GROUP BY 1""",
    "SELECT department_id, amount FROM fund_budget WHERE year = 2021",
]
BARE_MONTHLY = [
    """SELECT scheme, count(*), count(*) FILTER (WHERE status IN {approved} AND person_id IS NOT NULL),
              sum(amount) FILTER (WHERE status IN {approved}), sum(amount) FILTER (WHERE status = 'paid')
       FROM subsidies_claim WHERE department_id = {dept} AND entitlement_date BETWEEN '2021-05-01' AND '2021-05-31'
       GROUP BY 1""",
    """SELECT p.groups, count(*), sum(c.amount) FROM subsidies_claim c JOIN registry_person p ON p.id = c.person_id
       WHERE c.department_id = {dept} AND c.entitlement_date BETWEEN '2021-05-01' AND '2021-05-31'
         AND c.status IN {approved} GROUP BY 1""",
]


def bare(statements, **fmt) -> None:
    from django.db import connection

    from skillup.planning import targets
    from skillup.planning.figures import APPROVED

    def tup(values):
        return "(" + ",".join(f"'{v}'" for v in values) + ")"

    month = (
        "date_trunc('month', entitlement_date)"
        if connection.vendor == "postgresql"
        else "strftime('%Y-%m', entitlement_date)"
    )
    with connection.cursor() as c:
        for sql in statements:
            c.execute(
                sql.format(month=month, approved=tup(APPROVED), high=tup(targets.high_skill_levels()), **fmt)
            )
            c.fetchall()


def best(fn, repeat: int) -> float:
    fn()  # warm the caches once, as a running server would be
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    args = parse()
    url, drop = setup_database(args)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillup.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["SKILLUP_TODAY"] = "2021-06-15"
    import django

    django.setup()
    from django.core.management import call_command

    try:
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - t0:.1f} s")
        generate(args)
        from skillup.planning import dashboard, figures
        from skillup.registry.models import Organisation
        from skillup.subsidies import selectors_rollup

        dept = Organisation.objects.filter(kind="department").order_by("id").first()
        today = dt.date(2021, 6, 15)
        result = dashboard.build(year=2021, today=today)
        print(
            f"dashboard: {result['total']['person_times']:,} person-times, {result['total']['claims']:,} claims, "
            f"approved {result['total']['amount_approved']:,} yuan"
        )
        fresh = dashboard.build(year=2021, today=today, fresh=True)
        same = result == fresh
        print(f"rollup figures equal to the fresh aggregate: {'yes' if same else 'NO'}")
        t0 = time.perf_counter()
        found = selectors_rollup.differences()
        print(f"rollup --verify: {len(found)} differences ({time.perf_counter() - t0:.2f} s)")
        rows = [
            ("dashboard", lambda: dashboard.build(year=2021, today=today), lambda: bare(BARE_DASHBOARD)),
            (
                "dashboard, fresh",
                lambda: dashboard.build(year=2021, today=today, fresh=True),
                lambda: bare(BARE_DASHBOARD),
            ),
            (
                "monthly report",
                lambda: figures.for_month(dept.pk, dt.date(2021, 5, 1)),
                lambda: bare(BARE_MONTHLY, dept=dept.pk),
            ),
        ]
        print(f"{'':18}{'SkillUp':>12}{'bare SQL':>12}{'ratio':>8}")
        timed = {}
        for name, ours, limit in rows:
            a, b = best(ours, args.repeat), best(limit, args.repeat)
            timed[name] = a
            print(f"{name:18}{a * 1000:>10.0f}ms{b * 1000:>10.0f}ms{a / b:>7.2f}×")
        ratio = timed["dashboard, fresh"] / timed["dashboard"]
        print(f"dashboard from the rollup: {ratio:.1f}× faster than from the claims")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if not same or found:
            print("FAILED: the rollup differs from the claims")
            return 1
    finally:
        drop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Database work of the load test and the drill, run as a child process with the run's environment (its
DATABASE_URL, keys and business date), so the harness itself never binds to one database:

    python benchmarks/loaddata.py prepare --password P --tokens hr,finance   → JSON on stdout
    python benchmarks/loaddata.py multiply --factor 10                       → JSON counts
    python benchmarks/loaddata.py drill-plan                                 → JSON: claims under review
    python benchmarks/loaddata.py verify --plan plan.json --journal j.json   → JSON: PASS/FAIL per check
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillup.settings")

# Demo logins the load test signs in as (DEBUG=0 refuses the demo password: they get a strong one here).
LOGINS = ["hr", "hradmin", "dept", "finance", "institution", "trainee", "auditor"]


def prepare(password: str, tokens: list[str]) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count

    from skillup.accounts.models import User
    from skillup.accounts.roles import Role
    from skillup.accounts.services import api_token_create
    from skillup.training.models import TrainingClass

    users = User.objects.filter(username__in=LOGINS) | User.objects.filter(role=Role.DEPT)
    hashed = make_password(password)  # one hash for all, as the demo does
    users.update(password=hashed)
    made = {u: api_token_create(user=User.objects.get(username=u), name="load test", days=7) for u in tokens}
    institution = User.objects.get(username="institution")
    klass = (
        TrainingClass.objects.filter(institution_id=institution.organisation_id)
        .annotate(n=Count("enrolments"))
        .order_by("-n", "id")
        .first()
    )
    assert klass is not None
    return {"tokens": made, "class_code": klass.code, "class_size": klass.n}


def multiply(factor: int) -> dict:
    """Every claim (and every person with claims) copied factor - 1 times: each copy names a copy of its
    person (same encrypted number, a distinct look-up hash), keeps its class, department, scheme, amount
    and status, and has no class result (that link is one-to-one). The pages read them like the demo's."""
    from django.db import connection, transaction

    from skillup.registry.models import Person
    from skillup.subsidies.models import Claim

    person_cols = [f.column for f in Person._meta.concrete_fields if f.column != "id"]
    claim_cols = [f.column for f in Claim._meta.concrete_fields if f.column not in {"id"}]
    before = Claim.objects.count()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM registry_person")
        max_person = cur.fetchone()[0]
        cur.execute("SELECT max(id) FROM subsidies_claim")
        max_claim = cur.fetchone()[0]
        for k in range(1, factor):
            suffix = f":copy{k}"
            select_person = ", ".join(
                "encode(sha256(convert_to(p.id_hash || %s, 'UTF8')), 'hex')" if c == "id_hash" else f"p.{c}"
                for c in person_cols
            )
            cur.execute(
                f"INSERT INTO registry_person ({', '.join(person_cols)}) SELECT {select_person} "
                "FROM registry_person p WHERE p.id <= %s AND p.id IN (SELECT person_id FROM subsidies_claim)",
                [suffix, max_person],
            )
            select_claim = ", ".join(
                "np.id" if c == "person_id" else "NULL" if c == "result_id" else f"c.{c}" for c in claim_cols
            )
            cur.execute(
                f"INSERT INTO subsidies_claim ({', '.join(claim_cols)}) SELECT {select_claim} "
                "FROM subsidies_claim c LEFT JOIN registry_person op ON op.id = c.person_id "
                "LEFT JOIN registry_person np ON np.id_hash = encode(sha256(convert_to(op.id_hash || %s, 'UTF8')), 'hex') "
                "WHERE c.id <= %s ORDER BY c.id",
                [suffix, max_claim],
            )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return {"claims_before": before, "claims_after": Claim.objects.count(), "people": Person.objects.count()}


# --- the drill -----------------------------------------------------------------------------------------


def _actor_for_dept(claim, users_by_org: dict) -> str:
    return users_by_org.get(claim.department_id, "hr")


def drill_plan() -> dict:
    """The claims waiting at a review step, who acts at each step, budgets raised so that the review itself
    is what the drill exercises (by HR's own service: audited like any budget change), the watermarks
    (audit sequence, review and journal ids) the checks count from, and the claim waiting for a scan."""
    from django.db.models import Max

    from skillup.accounts.models import AuditEntry, User
    from skillup.accounts.roles import Role
    from skillup.fund.models import Budget, JournalEntry
    from skillup.fund.services import budget_set
    from skillup.registry.models import Organisation
    from skillup.subsidies.models import Claim, ClaimReview
    from skillup.subsidies.permissions import dept_approvers_of

    S = Claim.Status
    hr = User.objects.get(username="hr")
    pairs = Claim.objects.filter(status__in=[S.CHECKED, S.DEPT_APPROVED, S.HR_APPROVED]).values_list(
        "department_id", "year"
    )
    for dept_id, year in sorted(set(pairs)):
        current = Budget.objects.filter(department_id=dept_id, year=year).first()
        amount = max(current.amount if current else Decimal(0), Decimal("5000000.00"))
        budget_set(actor=hr, department=Organisation.objects.get(pk=dept_id), year=year, amount=amount)
    users_by_org = dict(
        User.objects.filter(role=Role.DEPT, username__startswith="dept-").values_list(
            "organisation_id", "username"
        )
    )
    claims = list(Claim.objects.filter(status__in=[S.CHECKED, S.DEPT_APPROVED, S.HR_APPROVED]).order_by("id"))
    approvers = dept_approvers_of([c.pk for c in claims])
    names = dict(User.objects.values_list("id", "username"))
    rows = []
    for c in claims:
        dept_actor = _actor_for_dept(c, users_by_org)
        done_by = names.get(approvers.get(c.pk)) if c.status != S.CHECKED else None
        hr_actor = "hradmin" if (done_by or dept_actor) == "hr" else "hr"
        rows.append(
            {"id": c.pk, "status": c.status, "dept": dept_actor, "hr": hr_actor, "finance": "finance"}
        )
    pending = Claim.objects.filter(status=S.CERT_PENDING).order_by("id").values_list("id", flat=True)
    return {
        "claims": rows,
        "cert_pending": list(pending),
        "actors": sorted({r[k] for r in rows for k in ("dept", "hr", "finance")}),
        "audit_seq": AuditEntry.objects.aggregate(m=Max("seq"))["m"] or 0,
        "review_id": ClaimReview.objects.aggregate(m=Max("id"))["m"] or 0,
        "journal_id": JournalEntry.objects.aggregate(m=Max("id"))["m"] or 0,
        "reconcile": _reconcile_differences(),
    }


def _reconcile_differences() -> dict:
    """The month's reconciliation: its differences other than "approved, not yet paid" (which every
    finance approval of the drill adds, as it should) and its approved and committed totals."""
    from skillup.core.clock import today
    from skillup.fund import reconcile

    report = reconcile.month_report(today().replace(day=1))
    return {
        "differences": sorted(f"{d.cause}:{d.claim_id}" for d in report.differences if d.cause != "unpaid"),
        "approved": str(report.approved_amount),
        "committed": str(report.journal_commitments),
    }


def verify(plan: dict, journal: dict) -> list[tuple[str, bool, str]]:
    """PASS/FAIL per check of the drill, read from the database after the run."""
    from skillup.accounts.models import AuditEntry
    from skillup.certificates import evidence as evidence_files
    from skillup.certificates.models import Evidence
    from skillup.fund.models import JournalEntry
    from skillup.fund.selectors import books_problems
    from skillup.subsidies.models import Claim, ClaimReview

    S = Claim.Status
    checks: list[tuple[str, bool, str]] = []
    ids = [r["id"] for r in plan["claims"]]
    reviews = list(
        ClaimReview.objects.filter(claim_id__in=ids, id__gt=plan["review_id"]).values_list(
            "claim_id", "step", "decision", "actor__username"
        )
    )
    have = Counter((c, step, d) for c, step, d, _u in reviews)

    # 1. Every review a client saw succeed (200 from the API, the success message on the page) is there.
    seen = [tuple(w) for w in journal["reviews_ok"]]  # (claim, step, decision)
    missing = [w for w in seen if have[(w[0], w[1], "approved" if w[2] == "approve" else "rejected")] < 1]
    checks.append(
        (
            "every review the clients saw succeed is in the database",
            not missing,
            f"{len(seen)} seen, missing {missing[:5]}",
        )
    )

    # 2. No claim approved twice at one step: review rows, audit rows and fund commitments.
    twice = [k for k, n in have.items() if k[2] == "approved" and n > 1]
    audits = Counter(
        AuditEntry.objects.filter(
            seq__gt=plan["audit_seq"],
            object_type="subsidies.claim",
            action__startswith="claim.review.",
            object_id__in=[str(i) for i in ids],
        )
        .filter(action__endswith=".approved")
        .values_list("object_id", "action")
    )
    audit_twice = [k for k, n in audits.items() if n > 1]
    commitments = Counter(
        JournalEntry.objects.filter(id__gt=plan["journal_id"], kind=JournalEntry.Kind.COMMITMENT).values_list(
            "claim_id", flat=True
        )
    )
    commit_twice = [k for k, n in commitments.items() if n > 1]
    checks.append(
        (
            "no claim approved twice (review rows, audit rows, fund commitments)",
            not twice and not audit_twice and not commit_twice,
            f"reviews {twice[:5]}, audit {audit_twice[:5]}, commitments {commit_twice[:5]}; "
            f"{sum(1 for k in have if k[2] == 'approved')} approvals, {len(commitments)} commitments",
        )
    )

    # 3. Racing pairs: never two successes for one step of one claim.
    both = [r for r in journal["races"] if r["ok"] > 1]
    checks.append(
        (
            "racing approvals: at most one of each pair succeeded, the other was refused (409)",
            not both and bool(journal["races"]),
            f"{len(journal['races'])} races, {sum(1 for r in journal['races'] if r['ok'] == 1)} with exactly one winner, "
            f"both won: {both[:3]}",
        )
    )

    # 4. The fund's books balance (the trial balance of skillup books-verify), and reconciliation of the
    #    month finds no new difference between approved claims and the ledger.
    problems = books_problems()
    checks.append(
        ("the fund's books balance (books-verify)", not problems, "; ".join(problems[:3]) or "balanced")
    )
    now, then = _reconcile_differences(), plan["reconcile"]
    new_diffs = sorted(set(now["differences"]) - set(then["differences"]))
    approved = Decimal(now["approved"]) - Decimal(then["approved"])
    committed = Decimal(now["committed"]) - Decimal(then["committed"])
    checks.append(
        (
            "monthly reconciliation: approved during the drill = committed in the ledger, no new difference",
            not new_diffs and approved == committed,
            f"approved +{approved}, committed +{committed}, new differences {new_diffs[:5]}",
        )
    )

    # 5. Claims under review are consistent: each status matches its latest review row of the drill, a
    #    finance-approved claim has exactly one commitment, a claim before finance none.
    after = {"dept": S.DEPT_APPROVED, "hr": S.HR_APPROVED, "finance": S.FINANCE_APPROVED}
    latest: dict[int, tuple[str, str]] = {}
    for c, step, d, _u in reviews:
        latest[c] = (step, d)
    wrong = []
    for claim in Claim.objects.filter(pk__in=ids).only("id", "status"):
        step, d = latest.get(claim.pk, (None, None))
        if (
            d == "approved"
            and claim.status != after[step]
            and claim.status not in {S.REFUSED, S.CERT_PENDING}
            or d == "rejected"
            and claim.status != S.REJECTED
        ):
            wrong.append((claim.pk, claim.status, step, d))
        if (claim.status == S.FINANCE_APPROVED) != (commitments.get(claim.pk, 0) == 1) and step is not None:
            wrong.append((claim.pk, claim.status, "commitments", commitments.get(claim.pk, 0)))
    checks.append(
        ("claims under review consistent (status = last review, commitments)", not wrong, str(wrong[:5]))
    )

    # 6. Every scan a client saw accepted is stored once, and the file under MEDIA_ROOT has its bytes.
    bad = []
    for digest in journal["uploads_ok"]:
        ev = Evidence.objects.filter(sha256=digest).first()
        if ev is None:
            bad.append((digest[:12], "no row"))
            continue
        path = evidence_files.path_of(ev.stored_name)
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append((digest[:12], "file"))
    checks.append(
        (
            "every accepted scan is in the database and in the shared media folder",
            not bad and bool(journal["uploads_ok"]),
            f"{len(journal['uploads_ok'])} scans; {bad[:5]}",
        )
    )

    # 7. The dashboard's claim rollup (issue 16 item 3) equals a fresh aggregate after the concurrent reviews.
    from skillup.subsidies.selectors_rollup import differences

    diff = differences()
    checks.append(
        (
            "the claim rollup equals a fresh aggregate (rollup --verify)",
            not diff,
            "; ".join(diff[:3]) or "equal",
        )
    )
    return checks


def evidence_ids(digests: list[str]) -> dict[str, int]:
    from skillup.certificates.models import Evidence

    return dict(Evidence.objects.filter(sha256__in=digests).values_list("sha256", "id"))


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="op", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--password", required=True)
    p.add_argument("--tokens", default="")
    m = sub.add_parser("multiply")
    m.add_argument("--factor", type=int, default=10)
    sub.add_parser("drill-plan")
    v = sub.add_parser("verify")
    v.add_argument("--plan", required=True)
    v.add_argument("--journal", required=True)
    e = sub.add_parser("evidence-ids")
    e.add_argument("digests", nargs="*")
    args = parser.parse_args()
    import django

    django.setup()
    if args.op == "prepare":
        out: object = prepare(args.password, [t for t in args.tokens.split(",") if t])
    elif args.op == "multiply":
        out = multiply(args.factor)
    elif args.op == "drill-plan":
        out = drill_plan()
    elif args.op == "evidence-ids":
        out = evidence_ids(args.digests)
    else:
        plan = json.loads(Path(args.plan).read_text())
        journal = json.loads(Path(args.journal).read_text())
        out = [{"check": name, "ok": ok, "detail": detail} for name, ok, detail in verify(plan, journal)]
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

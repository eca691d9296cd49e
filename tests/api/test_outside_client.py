"""The whole journey of an outside client, with bearer tokens and only the endpoints of API.md: a filed
institution submits a class, its competent department approves it, the institution posts a JSON roster of
people new to the registry, face attendance for every class hour, results with certificate numbers, and
the claims; the department, HR and finance review each claim; finance builds a batch, downloads the file
and posts the bank's result. Every claim is paid and the fund balances — and one line that failed
("账户已注销") is corrected (HR records the person's new citizen card), re-issued and paid.

Around the client stand the office's own acts, as in a real district: HR's filing and budget, finance's
allocation into the special fund, the nightly task that starts classes on their first day, and the
correction and re-issue on HR's and finance's pages."""

import csv
import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillup.accounts.models import AuditEntry
from skillup.accounts.roles import Role
from skillup.fund.services import allocation_post
from skillup.registry.models import Organisation, Person
from skillup.registry.selectors import person_by_id_number
from skillup.training.departments import all_codes
from skillup.training.tasks import classes_advance_task
from tests.factories import UserFactory, id_number_for
from tests.fund.books import assert_books_balance
from tests.subsidies.factories import budget
from tests.training.helpers import ensure_org, file_for

OCCUPATION, LEVEL, HOURS = "电梯安装维修工", "高级", 100  # 附件2 A 类 高级: 3500 元, 100 课时
DAYS = [dt.date(2021, 6, 15) + dt.timedelta(days=i) for i in range(10)]
PEOPLE = [(id_number_for(700 + i), f"新学员{i}", f"1390000{i:04d}") for i in range(4)]


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def _result(rows: list[dict], failed: dict[str, str] | None = None) -> SimpleUploadedFile:
    failed = failed or {}
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["key", "status", "reason"])
    for r in rows:
        reason = failed.get(r["key"])
        w.writerow([r["key"], "failed" if reason else "paid", reason or ""])
    return SimpleUploadedFile("回盘.csv", out.getvalue().encode(), content_type="text/csv")


def test_an_outside_client_takes_new_people_from_a_class_to_paid_claims(cast, api_client, client, settings):
    # The district: every department of annex 1 exists; the institution is filed for the occupation.
    for code in all_codes():
        ensure_org(code, code)
    file_for(cast.institution_org, ("vocational_certificate", OCCUPATION, "初级,中级,高级"))
    inst = api_client(cast.institution)
    assert any(f["occupation"] == OCCUPATION for f in inst.get("/api/v1/me").json()["filings"])

    # 1. The class, for the filed occupation; SkillUp names the competent department.
    r = inst.post(
        "/api/v1/classes",
        {
            "scheme": "vocational_certificate",
            "occupation": OCCUPATION,
            "level": LEVEL,
            "hours": HOURS,
            "start_date": DAYS[0].isoformat(),
            "end_date": DAYS[-1].isoformat(),
            "venue": "上虞区特种设备实训中心",
            "capacity": 10,
        },
    )
    assert r.status_code == 201, r.content
    code, dept_code = r.json()["code"], r.json()["department"]
    assert r.json()["status"] == "submitted"
    department = Organisation.objects.get(code=dept_code)
    officer = (
        cast.dept
        if department == cast.department
        else UserFactory(username=f"dept-{dept_code}", role=Role.DEPT, organisation=department)
    )
    budget(department, amount="100000.00")
    allocation_post(actor=cast.finance, year=2021, amount="200000.00")
    dept = api_client(officer)
    assert api_client(cast.other_institution).get(f"/api/v1/classes/{code}").status_code == 404
    r = dept.post(f"/api/v1/classes/{code}/approve")
    assert r.status_code == 200 and r.json() == {"status": "approved"}

    # 2. A JSON roster of people the registry has never seen (no citizen card number anywhere).
    assert all(person_by_id_number(n) is None for n, _, _ in PEOPLE)
    r = inst.post(
        f"/api/v1/classes/{code}/roster",
        {
            "trainees": [
                {"id_number": n, "name": nm, "phone": ph, "groups": "失业人员"} for n, nm, ph in PEOPLE
            ]
        },
    )
    assert r.status_code == 201 and r.json()["added"] == 4, r.content
    people = [person_by_id_number(n) for n, _, _ in PEOPLE]
    assert all(p is not None and p.citizen_card == "" for p in people)

    # 3. The nightly task starts the class on its first day; on the last day the institution's face
    #    terminal posts ten days of ten hours for everyone, then the results with certificate numbers.
    assert classes_advance_task() == {"started": 1, "finished": 0}
    assert inst.get(f"/api/v1/classes/{code}").json()["status"] == "running"
    settings.SKILLUP_TODAY = DAYS[-1].isoformat()
    records = [
        {"id_number": n, "date": d.isoformat(), "hours": 10, "method": "face", "device": "FACE-T01"}
        for n, _, _ in PEOPLE
        for d in DAYS
    ]
    r = inst.post(f"/api/v1/classes/{code}/attendance", {"records": records})
    assert r.status_code == 201 and r.json()["added"] == 40, r.content
    r = inst.post(
        f"/api/v1/classes/{code}/results",
        {
            "results": [
                {"id_number": n, "passed": True, "certificate_no": f"S2021-DT-{i:04d}"}
                for i, (n, _, _) in enumerate(PEOPLE)
            ]
        },
    )
    assert r.status_code == 201, r.content

    # 4. The claims: one per passed trainee, 3500 each (A 类 高级), paid by identity number.
    r = inst.post(f"/api/v1/classes/{code}/claims")
    assert r.status_code == 201, r.content
    claims = r.json()["claims"]
    assert [c["status"] for c in claims] == ["checked"] * 4, [c["refusals"] for c in claims]
    assert {c["amount"] for c in claims} == {"3500.00"} and {c["payee_kind"] for c in claims} == {"person"}
    assert all(
        any("市民卡中心按身份证号入账" in b["detail"] for b in c["basis"]) and "*" in c["id_number"]
        for c in claims
    )
    ids = [c["id"] for c in claims]

    # 5. Three reviews, each officer at their own step; a step out of turn is 409.
    assert (
        api_client(cast.finance).post(f"/api/v1/claims/{ids[0]}/review", {"decision": "approve"}).status_code
        == 409
    )
    for user, status in [
        (officer, "dept_approved"),
        (cast.hr, "hr_approved"),
        (cast.finance, "finance_approved"),
    ]:
        api = api_client(user)
        for claim_id in ids:
            r = api.post(f"/api/v1/claims/{claim_id}/review", {"decision": "approve", "reason": "材料齐全"})
            assert r.status_code == 200 and r.json()["status"] == status, r.content

    # 6. The batch and its file: API.md's columns first, then the card centre's, with full IDs.
    finance = api_client(cast.finance)
    r = finance.post("/api/v1/payment-batches", {"claim_ids": ids})
    assert r.status_code == 201 and r.json()["count"] == 4 and r.json()["total"] == "14000.00", r.content
    batch = r.json()["id"]
    text = finance.get(f"/api/v1/payment-batches/{batch}/file").content.decode()
    assert text.splitlines()[0].split(",")[:5] == ["key", "payee", "account", "amount", "claim"]
    rows = _rows(text)
    assert sorted(r["id_number"] for r in rows) == sorted(n for n, _, _ in PEOPLE)
    assert {r["account"] for r in rows} == {"按身份证号"} and {r["payee_kind"] for r in rows} == {"person"}
    assert AuditEntry.objects.filter(action="payment_batch.file", object_id=str(batch)).count() == 1
    assert api_client(cast.hr).get(f"/api/v1/payment-batches/{batch}/file").status_code == 403

    # 7. The bank's answer: three paid, one account closed.
    settings.SKILLUP_TODAY = "2021-06-28"
    bad = next(r for r in rows if r["name"] == "新学员2")
    r = finance.post(
        f"/api/v1/payment-batches/{batch}/result",
        {"file": _result(rows, {bad["key"]: "账户已注销"})},
        multipart=True,
    )
    assert r.status_code == 200 and (r.json()["paid"], r.json()["failed"]) == (3, 1), r.content
    failed_id = int(bad["claim"])
    assert finance.get(f"/api/v1/claims/{failed_id}").json()["status"] == "payment_failed"

    # 8. HR records the person's new citizen card on the person page; the failed list says so.
    person = Person.objects.get(pk=person_by_id_number(PEOPLE[2][0]).pk)
    client.force_login(cast.hr, backend="skillup.accounts.backends.SkillUpBackend")
    page = client.get(reverse("failed_payments")).content.decode()
    assert "账户已注销" in page and "未更正" in page
    r = client.post(reverse("person_card", args=[person.pk]), {"citizen_card": "3306201600012345"})
    assert r.status_code == 302
    assert "已更正" in client.get(reverse("failed_payments")).content.decode()
    entry = AuditEntry.objects.filter(action="person.card_update", object_id=str(person.pk)).get()
    assert entry.changes["citizen_card"] == ["", "3306********2345"]

    # 9. Finance re-issues it (to the new card) and pays it in a new batch through the API.
    client.force_login(cast.finance, backend="skillup.accounts.backends.SkillUpBackend")
    r = client.post(reverse("payment_reissue"), {"ids": [failed_id]})
    assert r.status_code == 302
    r = finance.post("/api/v1/payment-batches", {"claim_ids": [failed_id]})
    assert r.status_code == 201, r.content
    second = r.json()["id"]
    (line,) = _rows(finance.get(f"/api/v1/payment-batches/{second}/file").content.decode())
    assert (line["account"], line["id_number"], line["amount"]) == (
        "3306201600012345",
        PEOPLE[2][0],
        "3500.00",
    )
    assert line["key"] != bad["key"]
    r = finance.post(f"/api/v1/payment-batches/{second}/result", {"file": _result([line])}, multipart=True)
    assert r.status_code == 200 and r.json()["paid"] == 1, r.content

    # Every claim is paid, and the special fund balances.
    statuses = {finance.get(f"/api/v1/claims/{i}").json()["status"] for i in ids}
    assert statuses == {"paid"}
    balance = finance.get("/api/v1/fund/balance").json()
    assert balance["total_debits"] == balance["total_credits"]
    by_code = {a["code"]: Decimal(a["balance"]) for a in balance["accounts"]}
    assert by_code["1001"] == Decimal("200000.00") - Decimal("14000.00")
    assert by_code["5001"] == Decimal("14000.00") and by_code["2101"] == by_code["2201"] == 0
    assert_books_balance()

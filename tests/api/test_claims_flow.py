"""Through the API alone: a passed class becomes paid claims, and the fund balances."""

import csv
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from skillup.fund.services import allocation_post
from tests.fund.books import assert_books_balance
from tests.subsidies.factories import budget, finished_class


def _result_file(csv_text, status_for=lambda i: "paid"):
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["key", "status", "reason"])
    for i, r in enumerate(rows):
        status = status_for(i)
        w.writerow([r["key"], status, "" if status == "paid" else "账户已销户"])
    return out.getvalue().encode()


def test_an_outside_client_takes_a_passed_class_to_paid_claims(cast, api_client):
    klass = finished_class(cast, people=3)
    budget(cast.department)
    allocation_post(actor=cast.finance, year=2021, amount="500000.00")

    r = api_client(cast.institution).post(f"/api/v1/classes/{klass.code}/claims")
    assert r.status_code == 201, r.content
    claims = r.json()["claims"]
    assert len(claims) == 3
    first = claims[0]
    assert first["class"] == klass.code and first["status"] == "checked" and first["amount"] == "3500.00"
    assert "*" in first["id_number"]
    assert any("3500" in b["detail"] for b in first["basis"])
    ids = [c["id"] for c in claims]

    # Nothing is claimed twice.
    again = api_client(cast.institution).post(f"/api/v1/classes/{klass.code}/claims")
    assert again.status_code == 409

    for user, status in [
        (cast.dept, "dept_approved"),
        (cast.hr, "hr_approved"),
        (cast.finance, "finance_approved"),
    ]:
        api = api_client(user)
        for claim_id in ids:
            r = api.post(f"/api/v1/claims/{claim_id}/review", {"decision": "approve", "reason": "材料齐全"})
            assert r.status_code == 200, r.content
            assert r.json()["status"] == status

    finance = api_client(cast.finance)
    r = finance.post("/api/v1/payment-batches", {"claim_ids": ids})
    assert r.status_code == 201, r.content
    batch = r.json()
    assert batch["count"] == 3 and batch["total"] == "10500.00"

    r = finance.get(f"/api/v1/payment-batches/{batch['id']}/file")
    assert r.status_code == 200
    text = r.content.decode()
    assert text.splitlines()[0].startswith("key,payee,account,amount,claim,")
    assert len(text.splitlines()) == 4

    upload = SimpleUploadedFile("result.csv", _result_file(text), content_type="text/csv")
    r = finance.post(f"/api/v1/payment-batches/{batch['id']}/result", {"file": upload}, multipart=True)
    assert r.status_code == 200, r.content
    assert r.json()["paid"] == 3

    r = finance.get(f"/api/v1/claims?status=paid&class={klass.code}")
    assert r.json()["count"] == 3

    balance = finance.get("/api/v1/fund/balance").json()
    assert balance["total_debits"] == balance["total_credits"]
    by_code = {a["code"]: Decimal(a["balance"]) for a in balance["accounts"]}
    assert by_code["1001"] == Decimal("500000.00") - Decimal("10500.00")
    assert by_code["5001"] == Decimal("10500.00")
    assert by_code["2101"] == by_code["2201"] == 0
    assert_books_balance()


def test_a_replayed_result_file_changes_nothing(cast, api_client):
    klass = finished_class(cast, people=2)
    budget(cast.department)
    ids = [
        c["id"]
        for c in api_client(cast.institution).post(f"/api/v1/classes/{klass.code}/claims").json()["claims"]
    ]
    for user in (cast.dept, cast.hr, cast.finance):
        r = api_client(user).post("/api/v1/claims/review", {"claim_ids": ids, "decision": "approve"})
        assert r.json()["approved"] == ids, r.content
    finance = api_client(cast.finance)
    batch = finance.post("/api/v1/payment-batches", {"claim_ids": ids}).json()
    text = finance.get(f"/api/v1/payment-batches/{batch['id']}/file").content.decode()
    data = _result_file(text, lambda i: "paid" if i == 0 else "failed")
    first = finance.post(
        f"/api/v1/payment-batches/{batch['id']}/result",
        {"file": SimpleUploadedFile("r.csv", data)},
        multipart=True,
    ).json()
    assert (first["paid"], first["failed"]) == (1, 1)
    from skillup.fund.models import JournalLine

    lines_before = JournalLine.objects.count()
    second = finance.post(
        f"/api/v1/payment-batches/{batch['id']}/result",
        {"file": SimpleUploadedFile("r.csv", data)},
        multipart=True,
    ).json()
    assert (second["paid"], second["failed"], second["unchanged"]) == (0, 0, 2)
    # The same lines in another order, with the failed one now claimed paid: still nothing changes.
    swapped = _result_file(text, lambda i: "paid")
    third = finance.post(
        f"/api/v1/payment-batches/{batch['id']}/result",
        {"file": SimpleUploadedFile("r2.csv", swapped)},
        multipart=True,
    ).json()
    assert (third["paid"], third["unchanged"]) == (0, 2) and len(third["conflicts"]) == 1
    assert JournalLine.objects.count() == lines_before
    statuses = sorted(finance.get(f"/api/v1/claims/{i}").json()["status"] for i in ids)
    assert statuses == ["paid", "payment_failed"]
    assert_books_balance()


def test_an_up_to_scheme_is_claimed_with_the_actual_cost_and_corrected_through_the_api(cast, api_client):
    from tests.subsidies.factories import finished_class

    klass = finished_class(
        cast, people=1, scheme="special_operation_safety", occupation="焊接与热切割作业", level="", hours=32
    )
    api = api_client(cast.institution)
    r = api.post(f"/api/v1/classes/{klass.code}/claims", {"cost": "650", "kind": "new"})
    assert r.status_code == 201, r.content
    assert r.json()["claims"][0]["amount"] == "500.00", r.json()["claims"][0]["basis"]

    other = finished_class(
        cast, people=1, scheme="special_operation_safety", occupation="焊接与热切割作业", level="", hours=32
    )
    (claim,) = api.post(f"/api/v1/classes/{other.code}/claims").json()["claims"]
    assert claim["status"] == "refused" and claim["refusals"] == ["facts_invalid"]
    r = api.post(f"/api/v1/claims/{claim['id']}/resubmit", {"cost": "80.00", "kind": "renewal"})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["amount"]) == ("checked", "80.00")
    assert (
        api_client(cast.other_institution).post(f"/api/v1/claims/{claim['id']}/resubmit").status_code == 404
    )
    r = api.post(f"/api/v1/classes/{other.code}/claims", {"cost": "-1"})
    assert r.status_code in (400, 409)

"""Fund pages: batches from selected claims, file download, result upload, balances, reconciliation."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from skillup.fund.models import PaymentBatch
from skillup.subsidies.models import Claim
from tests.subsidies.factories import advance, claims_for_class, paid_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(cast):
    return advance(cast, claims_for_class(cast, people=3))


def test_finance_builds_a_batch_downloads_it_and_uploads_the_result(cast, login, approved):
    client = login(cast.finance)
    ids = {"ids": [c.pk for c in approved]}
    r = client.post(reverse("batch_create"), ids)
    assert r.context["count"] == 3 and "确认生成支付批次" in r.content.decode()
    assert not PaymentBatch.objects.exists()
    r = client.post(reverse("batch_create"), {**ids, "confirmed": "3"}, follow=True)
    total = sum(c.amount for c in approved)
    assert f"3 笔，{total:,.2f} 元" in r.content.decode()
    batch = PaymentBatch.objects.get()
    csv_text = client.get(reverse("batch_file", args=[batch.pk])).content.decode()
    keys = [line.split(",")[0] for line in csv_text.splitlines()[1:]]
    data = "key,status,reason\n" + "".join(f"{k},paid,\n" for k in keys)
    r = client.post(
        reverse("batch_detail", args=[batch.pk]),
        {"file": SimpleUploadedFile("r.csv", data.encode())},
        follow=True,
    )
    assert "成功 3 笔" in r.content.decode()
    assert Claim.objects.filter(status="paid").count() == 3
    bad = "key,status,reason\nNOPE,paid,\n"
    r = client.post(
        reverse("batch_detail", args=[batch.pk]),
        {"file": SimpleUploadedFile("r.csv", bad.encode())},
        follow=True,
    )
    assert "整份拒收" in r.content.decode() and "第1行" in r.content.decode()


def test_a_batch_of_unapproved_claims_is_refused_with_a_message(cast, login):
    claims = claims_for_class(cast, people=1)
    r = login(cast.finance).post(
        reverse("batch_create"), {"ids": [claims[0].pk], "confirmed": "1"}, follow=True
    )
    assert "只有「待支付」" in r.content.decode()


def test_a_batch_takes_every_waiting_claim_across_pages_all_or_nothing(cast, login):
    waiting = advance(cast, claims_for_class(cast, people=53))
    client = login(cast.finance)
    page = client.get(reverse("claim_list"), {"status": Claim.Status.FINANCE_APPROVED})
    total = sum(c.amount for c in waiting)
    assert f"53 笔待支付申领（{total:,.2f} 元）" in page.content.decode()
    data = {"all_filtered": "1", "status": Claim.Status.FINANCE_APPROVED}
    r = client.post(reverse("batch_create"), data)
    assert r.context["count"] == 53 and r.context["total"] == total
    r = client.post(reverse("batch_create"), {**data, "confirmed": "53"}, follow=True)
    batch = PaymentBatch.objects.get()
    assert batch.count == 53 and batch.total == total
    assert f"已生成支付批次 {batch.code}：53 笔，{total:,.2f} 元" in r.content.decode()


@pytest.mark.parametrize("username", ["dept", "institution", "trainee", "enterprise"])
def test_batch_pages_are_not_for_other_roles(cast, login, approved, username):
    batch = paid_batch(cast, approved)
    user = next(u for u in cast.all_users() if u.username == username)
    assert login(user).get(reverse("batch_detail", args=[batch.pk])).status_code in (403, 404)
    assert login(user).get(reverse("batch_list")).status_code == 403


def test_batch_lists_and_details_take_few_queries(cast, login, approved, django_assert_max_num_queries):
    batch = paid_batch(cast, approved)
    client = login(cast.finance)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("batch_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("batch_detail", args=[batch.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("fund_journal")).status_code == 200


def test_the_fund_page_shows_balanced_books_budgets_and_takes_few_queries(
    cast, login, approved, django_assert_max_num_queries
):
    paid_batch(cast, approved)
    client = login(cast.hr)
    with django_assert_max_num_queries(14):
        r = client.get(reverse("fund_overview"))
    body = r.content.decode()
    assert "借贷平衡" in body and "经信局" in body
    r = client.post(
        reverse("fund_overview"),
        {"form": "budget", "department": cast.other_department.pk, "year": 2021, "amount": "50000"},
        follow=True,
    )
    assert "部门年度预算已保存" in r.content.decode()
    r = login(cast.finance).post(
        reverse("fund_overview"), {"form": "allocation", "year": 2021, "amount": "1000"}, follow=True
    )
    assert "已记账" in r.content.decode()


def test_reconciliation_page_lists_differences_and_signs(
    cast, login, approved, settings, django_assert_max_num_queries
):
    paid_batch(cast, approved, ["paid", "failed", "paid"])
    settings.SKILLUP_TODAY = "2021-07-05"
    client = login(cast.hr)
    with django_assert_max_num_queries(22):
        r = client.get(reverse("reconciliation"), {"month": "2021-06"})
    assert "支付失败待重新发放" in r.content.decode()
    r = client.get(reverse("reconciliation"), {"month": "2021-06", "format": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws["A1"].value == "2021年06月对账差异" and "支付成功 2 笔" in ws["A2"].value
    assert [c.value for c in ws[3]] == ["申领编号", "原因", "审核金额", "回盘支付", "记账支付", "说明"]
    assert {row[0] for row in ws.iter_rows(min_row=4, values_only=True)} == {approved[1].pk}
    r = client.post(reverse("reconciliation"), {"month": "2021-06"}, follow=True)
    assert "待另一方签字" in r.content.decode()
    r = login(cast.finance).post(reverse("reconciliation"), {"month": "2021-06"}, follow=True)
    assert "该月已封账" in r.content.decode()
    assert login(cast.dept).get(reverse("reconciliation")).status_code == 403


def test_finance_reissues_a_failed_payment_from_the_list(cast, login, approved):
    paid_batch(cast, approved, ["failed", "paid", "paid"])
    failed = Claim.objects.get(status="payment_failed")
    client = login(cast.finance)
    r = client.post(reverse("payment_reissue"), {"ids": [failed.pk]}, follow=True)
    assert "重新发放" in r.content.decode()
    assert Claim.objects.get(pk=failed.pk).status == "finance_approved"
    r = client.post(reverse("payment_reissue"), {"ids": [approved[1].pk]}, follow=True)
    assert "只有「支付失败」" in r.content.decode()

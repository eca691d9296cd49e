"""Claim pages: lists with filters, bulk actions and export; detail with basis and review; per-role 404."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from skillup.subsidies.models import Claim
from tests.certificates.factories import registered
from tests.subsidies.factories import budget, claims_for_class

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def claims(cast):
    cast.trainee_person.citizen_card = "330600001234"
    cast.trainee_person.save()
    return claims_for_class(cast, people=[cast.trainee_person]) + claims_for_class(cast, people=4)


@pytest.mark.parametrize("username", ["hr", "finance", "dept", "institution", "trainee", "auditor"])
def test_the_claim_list_takes_a_fixed_number_of_queries(
    cast, login, claims, username, django_assert_max_num_queries
):
    user = next(u for u in cast.all_users() if u.username == username)
    client = login(user)
    with django_assert_max_num_queries(14):
        r = client.get(reverse("claim_list"))
    assert r.status_code == 200
    claims_for_class(cast, people=10)
    with django_assert_max_num_queries(14):
        client.get(reverse("claim_list"))


def test_filters_narrow_the_list(cast, login, claims):
    client = login(cast.hr)
    r = client.get(reverse("claim_list"), {"status": "checked", "q": cast.trainee_person.name})
    assert r.context["page_obj"].paginator.count == 1
    r = client.get(reverse("claim_list"), {"department": "yjglj"})
    assert r.context["page_obj"].paginator.count == 0
    r = client.get(reverse("claim_list"), {"year": "2021", "scheme": "vocational_certificate"})
    assert r.context["page_obj"].paginator.count == 5


SEES = {"hr", "hradmin", "finance", "auditor", "dept", "institution", "trainee"}


@pytest.mark.parametrize(
    "username", sorted(SEES | {"dept-yjglj", "institution2", "enterprise2", "trainee2", "outsider"})
)
def test_a_claim_page_is_404_outside_scope(cast, login, claims, username):
    user = next(u for u in cast.all_users() if u.username == username)
    r = login(user).get(reverse("claim_detail", args=[claims[0].pk]))
    assert r.status_code == (200 if username in SEES else 404)


def test_the_detail_shows_the_basis_in_plain_chinese_and_the_review_form_at_the_officers_step(
    cast, login, claims
):
    r = login(cast.dept).get(reverse("claim_detail", args=[claims[0].pk]))
    body = r.content.decode()
    assert "核定依据" in body and "3500" in body and "通过" in body
    assert r.context["review"] and "审核</h2>" in body
    r = login(cast.hr).get(reverse("claim_detail", args=[claims[0].pk]))
    assert not r.context["review"]


def test_an_officer_approves_on_the_page_and_sees_what_happened(cast, login, claims):
    budget(cast.department)
    client = login(cast.dept)
    r = client.post(reverse("claim_review", args=[claims[0].pk]), {"decision": "approve"}, follow=True)
    assert "当前状态：待人社局审核" in r.content.decode()
    r = client.post(
        reverse("claim_review", args=[claims[1].pk]), {"decision": "reject", "reason": ""}, follow=True
    )
    assert "退回时请填写理由" in r.content.decode()
    assert Claim.objects.get(pk=claims[1].pk).status == S.CHECKED


def test_bulk_approval_of_the_filtered_list_with_a_summary(cast, login, claims):
    budget(cast.department, amount="10000")
    client = login(cast.dept)
    data = {"all_filtered": "1", "decision": "approve", "status": "", "q": ""}
    r = client.post(reverse("claims_bulk"), data)
    # A confirmation with the count and total first; nothing is done yet.
    assert r.status_code == 200 and r.context["count"] == 5
    body = r.content.decode()
    assert "确认批量通过" in body and "17,500.00" in body
    assert not Claim.objects.filter(status=S.DEPT_APPROVED).exists()
    r = client.post(reverse("claims_bulk"), {**data, "confirmed": "5"}, follow=True)
    body = r.content.decode()
    assert "审核通过 2 笔，金额 7,000.00 元" in body and "超出主管部门 2021 年度预算" in body
    assert Claim.objects.filter(status=S.DEPT_APPROVED).count() == 2


def test_a_confirmation_whose_count_changed_is_shown_again(cast, login, claims):
    budget(cast.department)
    data = {"all_filtered": "1", "decision": "approve", "confirmed": "4"}
    r = login(cast.dept).post(reverse("claims_bulk"), data)
    assert r.status_code == 200 and r.context["count"] == 5
    assert "已变为 5 笔" in r.content.decode()
    assert not Claim.objects.filter(status=S.DEPT_APPROVED).exists()


def test_select_all_covers_every_matching_row_across_pages(cast, login, claims):
    budget(cast.department)
    more = claims_for_class(cast, people=55)
    client = login(cast.dept)
    page = client.get(reverse("claim_list"), {"status": S.CHECKED})
    assert "全部 60 笔待本环节审核的申领" in page.content.decode()
    assert len(page.context["page_obj"]) == 50
    data = {"all_filtered": "1", "decision": "approve", "status": S.CHECKED, "confirmed": "60"}
    r = client.post(reverse("claims_bulk"), data, follow=True)
    assert "审核通过 60 笔" in r.content.decode()
    assert Claim.objects.filter(status=S.DEPT_APPROVED).count() == 60 == len(more) + 5


def test_bulk_actions_ignore_claims_out_of_scope(cast, login, claims):
    budget(cast.other_department)
    r = login(cast.other_dept).post(
        reverse("claims_bulk"),
        {"ids": [c.pk for c in claims], "decision": "approve", "confirmed": "5"},
        follow=True,
    )
    assert "请先勾选" in r.content.decode()
    assert not Claim.objects.filter(status=S.DEPT_APPROVED).exists()


def test_roles_that_never_review_cannot_post_bulk(cast, login, claims):
    assert login(cast.institution).post(reverse("claims_bulk"), {"ids": [claims[0].pk]}).status_code == 403


def test_the_list_exports_to_xlsx(cast, login, claims):
    """The spreadsheet holds the list's rows with masked numbers and a total equal to the claims' sum."""
    import io

    from openpyxl import load_workbook

    r = login(cast.hr).get(reverse("claim_list"), {"format": "xlsx"})
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws["A1"].value == "补贴申领" and ws["D2"].value == "身份证号"
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    body, total = rows[:-1], rows[-1]
    assert sorted(row[0] for row in body) == sorted(c.pk for c in claims)
    assert all("*" in row[3] for row in body)  # never a full identity number
    assert total[0] == "合计" and Decimal(str(total[11])) == sum(c.amount for c in claims)
    # The filters of the page apply to the export.
    r = login(cast.hr).get(reverse("claim_list"), {"format": "xlsx", "status": "no-such-status"})
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [row[0] for row in ws.iter_rows(min_row=3, values_only=True)] in ([], ["合计"])


def test_an_institution_claims_its_class_on_the_page(cast, login):
    from tests.subsidies.factories import finished_class

    klass = finished_class(cast, people=2)
    client = login(cast.institution)
    r = client.get(reverse("class_claims"))
    assert klass.code in r.content.decode()
    r = client.post(reverse("class_claims"), {"code": klass.code}, follow=True)
    assert "已申领 2 人" in r.content.decode()
    assert (
        login(cast.other_institution).post(reverse("class_claims"), {"code": klass.code}).status_code == 404
    )


def test_a_trainee_applies_on_the_page(cast, login):
    cast.trainee_person.citizen_card = "330600001234"
    cast.trainee_person.save()
    registered(cast.trainee_person, "G-1", "技师", issued_on=dt.date(2021, 1, 15))
    client = login(cast.trainee)
    r = client.post(
        reverse("claim_apply"),
        {
            "scheme": "high_skill_training_grant",
            "entitlement_date": "2021-02-01",
            "level": "技师",
            "certificate_no": "G-1",
        },
        follow=True,
    )
    assert "核定 4,500.00 元" in r.content.decode()
    r = client.post(reverse("claim_apply"), {"scheme": "high_skill_training_grant"})
    assert r.status_code == 200 and "请选择" in r.content.decode() or "必填" in r.content.decode()

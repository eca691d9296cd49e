"""GET /api/v1/reports/monthly: department (own), HR, finance; another department's report is 404."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from skillup.planning import services
from tests.planning.factories import ClaimFactory

URL = "/api/v1/reports/monthly"


def _claims(cast):
    ClaimFactory(department=cast.department, amount=Decimal("2400.00"), status="paid")
    ClaimFactory(department=cast.department, amount=Decimal("1000.50"), status="finance_approved")
    ClaimFactory(department=cast.department, amount=Decimal("999.00"), status="rejected")
    ClaimFactory(department=cast.other_department, amount=Decimal("500.00"), status="paid")


def test_a_department_gets_its_own_month_in_the_api_shape(cast, api_client):
    _claims(cast)
    r = api_client(cast.dept).get(URL, data={"month": "2021-05"})
    assert r.status_code == 200
    body = r.json()
    assert body["month"] == "2021-05" and body["department"] == "jxj"
    row = body["rows"][0]
    assert {"scheme", "person_times", "claims", "amount_approved", "amount_paid"} <= set(row)
    assert body["totals"] == {
        **body["totals"],
        "person_times": 2,
        "claims": 3,
        "amount_approved": "3400.50",
        "amount_paid": "2400.00",
    }


def test_another_departments_report_is_404_and_hr_and_finance_see_all(cast, api_client):
    _claims(cast)
    assert (
        api_client(cast.other_dept).get(URL, data={"month": "2021-05", "department": "jxj"}).status_code
        == 404
    )
    for user in (cast.hr, cast.finance):
        r = api_client(user).get(URL, data={"month": "2021-05", "department": "yjglj"})
        assert r.status_code == 200 and r.json()["totals"]["amount_paid"] == "500.00"
    district = api_client(cast.hr).get(URL, data={"month": "2021-05"}).json()
    assert district["department"] is None and district["totals"]["amount_paid"] == "2900.00"


def test_roles_outside_the_reporting_line_get_403(cast, api_client):
    for user in (cast.institution, cast.enterprise, cast.trainee):
        assert api_client(user).get(URL, data={"month": "2021-05"}).status_code == 403


def test_bad_and_future_months_are_400_with_a_chinese_message(cast, api_client):
    client = api_client(cast.hr)
    for month in ("2021-13", "五月", "2021-06", "2022-01"):
        r = client.get(URL, data={"month": month})
        assert r.status_code == 400, month
        assert r.json()["errors"][0]["field"] == "month"


def test_a_submitted_report_answers_its_frozen_figures(cast, api_client, settings):
    settings.SKILLUP_TODAY = "2021-06-03"
    _claims(cast)
    services.report_submit(actor=cast.dept, department=cast.department, month=dt.date(2021, 5, 1))
    ClaimFactory(department=cast.department, amount=Decimal("7.00"), status="paid")
    body = api_client(cast.finance).get(URL, data={"month": "2021-05", "department": "jxj"}).json()
    assert body["status"] == "submitted" and body["version"] == 1 and not body["late"]
    assert body["totals"]["amount_paid"] == "2400.00"


def test_the_spreadsheet_has_title_headers_numbers_and_totals(cast, api_client):
    _claims(cast)
    r = api_client(cast.dept).get(URL, data={"month": "2021-05", "format": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert "2021年05月" in ws["A1"].value
    assert ws["A2"].value == "补贴项目" and ws.freeze_panes == "A3"
    last = ws.max_row
    assert ws.cell(last, 1).value == "合计"
    assert ws.cell(last, 7).value == Decimal("3400.50") or float(ws.cell(last, 7).value) == 3400.50
    assert ws.cell(3, 7).number_format == "#,##0.00"

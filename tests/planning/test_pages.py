"""Pages: who sees what, a fixed number of queries per list and report page, and .xlsx exports."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillup.planning import services
from skillup.planning.models import AnnualPlan, MonthlyReport
from tests.factories import OrganisationFactory
from tests.planning.factories import ClaimFactory

LINE = {
    "scheme": "vocational_certificate",
    "person_times": "10",
    "standard_percent": "100",
    "uplift_percent": "0",
    "budget": "24000",
}


def _plans_and_reports(cast, settings, extra_departments=0):
    settings.SKILLUP_TODAY = "2021-06-03"
    depts = [(cast.dept, cast.department), (cast.other_dept, cast.other_department)]
    from tests.factories import UserFactory

    for i in range(extra_departments):
        org = OrganisationFactory(code=f"d{i}", name=f"区部门{i}", short_name=f"部门{i}")
        depts.append((UserFactory(role="dept", organisation=org), org))
    for user, org in depts:
        ClaimFactory(department=org, status="paid")
        plan = services.plan_save(actor=user, department=org, year=2021, lines=[LINE])
        services.plan_submit(actor=user, plan=plan)
        for m in (3, 4, 5):
            services.report_submit(actor=user, department=org, month=dt.date(2021, m, 1), work_done="正常")
    settings.SKILLUP_TODAY = "2021-06-15"


def test_a_department_sees_only_its_own_plans_and_reports(cast, login, settings):
    _plans_and_reports(cast, settings)
    other_plan = AnnualPlan.objects.get(department=cast.other_department)
    other_report = MonthlyReport.objects.filter(department=cast.other_department).first()
    client = login(cast.dept)
    assert client.get(reverse("planning:plan_detail", args=[other_plan.pk])).status_code == 404
    assert client.get(reverse("planning:report_detail", args=[other_report.pk])).status_code == 404
    listing = client.get(reverse("planning:plan_list")).content.decode()
    assert "经信局" in listing and "应急管理局" not in listing
    for user in (cast.hr, cast.finance, cast.auditor):
        c = login(user)
        assert c.get(reverse("planning:plan_detail", args=[other_plan.pk])).status_code == 200
        assert c.get(reverse("planning:report_detail", args=[other_report.pk])).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "planning:plan_list",
        "planning:report_list",
        "planning:dashboard",
        "planning:ranking",
        "planning:skill_stats",
    ],
)
def test_trainees_institutions_and_enterprises_get_403(cast, login, name):
    for user in (cast.trainee, cast.institution, cast.enterprise):
        assert login(user).get(reverse(name)).status_code == 403


def test_only_hr_and_finance_acknowledge_through_the_page(cast, login):
    plan = services.plan_submit(
        actor=cast.dept,
        plan=services.plan_save(actor=cast.dept, department=cast.department, year=2021, lines=[LINE]),
    )
    url = reverse("planning:plan_action", args=[plan.pk, "acknowledge"])
    assert login(cast.auditor).post(url).status_code == 403
    assert login(cast.other_dept).post(url).status_code == 404
    login(cast.hr).post(url)
    login(cast.finance).post(url)
    plan.refresh_from_db()
    assert plan.status == "acknowledged"


def test_the_plan_form_shows_the_cap_error_and_writes_nothing(cast, login):
    client = login(cast.dept)
    r = client.post(
        reverse("planning:plan_new") + "?year=2021",
        {
            "year": "2021",
            "pt_vocational_certificate": "10",
            "std_vocational_certificate": "100",
            "up_vocational_certificate": "45",
            "budget_vocational_certificate": "1000",
            "action": "submit",
        },
    )
    assert r.status_code == 200
    assert "不得超过目录规定的30%" in r.content.decode()
    assert not AnnualPlan.objects.exists()


def test_the_report_form_refuses_a_future_month_with_a_message(cast, login):
    r = login(cast.dept).get(reverse("planning:report_new") + "?month=2021-07", follow=True)
    assert "尚未结束" in r.content.decode()
    assert not MonthlyReport.objects.exists()


LIST_PAGES = [
    ("planning:plan_list", ""),
    ("planning:plan_list", "?format=xlsx"),
    ("planning:report_list", ""),
    ("planning:report_list", "?format=xlsx&late=1"),
    ("planning:overdue", ""),
    ("planning:overdue", "?format=xlsx"),
    ("planning:dashboard", ""),
    ("planning:dashboard", "?format=xlsx"),
    ("planning:ranking", ""),
    ("planning:ranking", "?format=xlsx"),
    ("planning:notice", ""),
    ("planning:skill_stats", ""),
    ("home", ""),
]


@pytest.mark.parametrize(("name", "query"), LIST_PAGES)
def test_list_and_report_pages_run_a_fixed_number_of_queries(
    cast, login, settings, name, query, django_assert_max_num_queries
):
    client = login(cast.hr)
    _plans_and_reports(cast, settings, extra_departments=0)
    url = reverse(name) + query
    # A budget, not a count: each app's tiles on HR's home add a query or two (records, programmes,
    # market); the second half checks that none of them grows with the data.
    with django_assert_max_num_queries(32) as few:
        assert client.get(url).status_code == 200
    _plans_and_reports_more(cast, settings)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def _plans_and_reports_more(cast, settings):
    from tests.factories import UserFactory

    settings.SKILLUP_TODAY = "2021-06-03"
    for i in range(4):
        org = OrganisationFactory(code=f"x{i}", name=f"区新部门{i}", short_name=f"新部门{i}")
        user = UserFactory(role="dept", organisation=org)
        ClaimFactory(department=org, status="paid", scheme="post_skill_upgrade")
        plan = services.plan_submit(
            actor=user, plan=services.plan_save(actor=user, department=org, year=2021, lines=[LINE])
        )
        services.plan_acknowledge(actor=cast.hr, plan=plan)
        services.plan_acknowledge(actor=cast.finance, plan=plan)
        for m in (1, 2, 4, 5):
            services.report_submit(actor=user, department=org, month=dt.date(2021, m, 1))
    settings.SKILLUP_TODAY = "2021-06-15"


@pytest.mark.parametrize("user", ["dept", "hr"])
def test_report_and_plan_detail_pages_run_a_fixed_number_of_queries(
    cast, login, settings, user, django_assert_max_num_queries
):
    _plans_and_reports(cast, settings)
    client = login(getattr(cast, user))
    report = MonthlyReport.objects.filter(department=cast.department).first()
    plan = AnnualPlan.objects.get(department=cast.department)
    for url in (
        reverse("planning:report_detail", args=[report.pk]),
        reverse("planning:report_detail", args=[report.pk]) + "?format=xlsx",
        reverse("planning:plan_detail", args=[plan.pk]),
        reverse("planning:plan_detail", args=[plan.pk]) + "?format=xlsx",
    ):
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
    if user == "dept":
        with django_assert_max_num_queries(20):
            assert client.get(reverse("planning:report_new") + "?month=2021-02").status_code == 200


def test_every_export_has_title_chinese_headers_and_a_frozen_header(cast, login, settings):
    _plans_and_reports(cast, settings)
    client = login(cast.hr)
    report = MonthlyReport.objects.filter(department=cast.department).first()
    for url, header in [
        (reverse("planning:plan_list") + "?format=xlsx", "主管部门"),
        (reverse("planning:report_list") + "?format=xlsx", "主管部门"),
        (reverse("planning:report_detail", args=[report.pk]) + "?format=xlsx", "补贴项目"),
        (reverse("planning:overdue") + "?format=xlsx", "类别"),
        (reverse("planning:dashboard") + "?format=xlsx", "主管部门"),
        (reverse("planning:ranking") + "?format=xlsx", "名次"),
    ]:
        ws = load_workbook(io.BytesIO(client.get(url).content)).active
        row = 3 if ws["A2"].value != header else 2
        assert ws.cell(row, 1).value == header, url
        assert ws.freeze_panes == f"A{row + 1}", url
        assert ws["A1"].value, url


def test_the_dashboard_page_carries_the_chart_data_and_echarts(cast, login, settings):
    _plans_and_reports(cast, settings)
    body = login(cast.hr).get(reverse("planning:dashboard")).content.decode()
    assert "vendor/echarts/echarts.min.js" in body and 'id="charts-data"' in body and "chart-gauge" in body
    assert "40000" in body


def test_hr_enters_skill_statistics_and_the_ratios_show_against_the_targets(cast, login):
    client = login(cast.hr)
    r = client.post(
        reverse("planning:skill_stats"),
        {"year": 2021, "employed": 400000, "skilled": 130000, "high_skilled": 44000, "source": "区统计局"},
        follow=True,
    )
    body = r.content.decode()
    assert "32.5%" in body and "33.8%" in body
    bad = client.post(
        reverse("planning:skill_stats"), {"year": 2021, "employed": 100, "skilled": 200, "high_skilled": 1}
    )
    assert "不能多于从业人员数" in bad.content.decode()
    assert login(cast.finance).post(reverse("planning:skill_stats"), {"year": 2021}).status_code == 403

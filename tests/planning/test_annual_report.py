"""The annual report (年报, 第19条): the year's figures are the sum of its months, frozen on submission,
due by the end of January (read from 附件3 四), reminded like the monthly report, reviewed by HR."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.planning import figures, home, reminders, selectors_meetings, targets
from skillup.planning import services_meetings as services
from skillup.planning.models import AnnualReport, Reminder
from tests.planning.factories import ClaimFactory, EnrolmentFactory, ResultFactory, TrainingClassFactory


def _year_of_activity(cast):
    for month, amount in ((2, "1200.00"), (5, "2400.00"), (5, "800.00"), (11, "3000.00")):
        ClaimFactory(
            department=cast.department, entitlement_date=dt.date(2020, month, 9), amount=Decimal(amount)
        )
    ClaimFactory(department=cast.other_department, entitlement_date=dt.date(2020, 5, 9))
    ClaimFactory(department=cast.department, entitlement_date=dt.date(2021, 1, 9))  # another year
    klass = TrainingClassFactory(
        department=cast.department, start_date=dt.date(2020, 9, 1), end_date=dt.date(2020, 9, 20)
    )
    ResultFactory(enrolment=EnrolmentFactory(klass=klass), certified_on=dt.date(2020, 9, 20))


def test_the_years_figures_equal_the_sum_of_its_monthly_figures(cast):
    _year_of_activity(cast)
    year = figures.for_year(cast.department.pk, 2020)
    months = [figures.for_month(cast.department.pk, dt.date(2020, m, 1))["totals"] for m in range(1, 13)]
    for key in year["totals"]:
        assert year["totals"][key] == sum(m[key] for m in months), key
    assert year["totals"]["amount_approved"] == Decimal("7400.00")
    assert year["totals"]["passes"] == 1
    assert [m["person_times"] for m in year["months"]][4] == 2


def test_a_submitted_report_is_frozen_and_a_second_submission_refused(cast, settings):
    _year_of_activity(cast)
    settings.SKILLUP_TODAY = "2021-01-20"
    report = services.annual_report_save(
        actor=cast.dept, department=cast.department, year=2020, submit=True, work_done="全年开班12期"
    )
    assert report.status == "submitted" and not report.late
    assert report.due_on == dt.date(2021, 1, 31)
    ClaimFactory(department=cast.department, entitlement_date=dt.date(2020, 12, 1))  # arrives later
    report.refresh_from_db()
    assert report.figures["totals"]["amount_approved"] == "7400.00"
    with pytest.raises(StateConflict):
        services.annual_report_save(actor=cast.dept, department=cast.department, year=2020, submit=True)
    assert AuditEntry.objects.filter(action="annual_report.submit").count() == 1


def test_only_ended_years_from_2020_are_reported_and_only_by_the_department_itself(cast):
    with pytest.raises(RuleViolation):
        services.annual_report_save(actor=cast.dept, department=cast.department, year=2021)
    with pytest.raises(RuleViolation):
        services.annual_report_save(actor=cast.dept, department=cast.department, year=2019)
    with pytest.raises(NotAllowed):
        services.annual_report_save(actor=cast.other_dept, department=cast.department, year=2020)
    with pytest.raises(NotAllowed):
        services.annual_report_save(actor=cast.hr, department=cast.department, year=2020)


def test_hr_returns_with_a_reason_the_department_resubmits_and_hr_reviews(cast):
    report = services.annual_report_save(actor=cast.dept, department=cast.department, year=2020, submit=True)
    assert report.late  # business date 2021-06-15, due 2021-01-31
    with pytest.raises(NotAllowed):
        services.annual_report_review(actor=cast.dept, report=report)
    with pytest.raises(RuleViolation):
        services.annual_report_return(actor=cast.hr, report=report, reason="")
    report = services.annual_report_return(actor=cast.hr, report=report, reason="请补充存在问题")
    with pytest.raises(StateConflict):
        services.annual_report_review(actor=cast.hr, report=report)
    report = services.annual_report_save(
        actor=cast.dept, department=cast.department, year=2020, submit=True, problems="场地不足"
    )
    assert (report.status, report.return_reason) == ("submitted", "")
    report = services.annual_report_review(actor=cast.hr, report=report, note="同意")
    assert (report.status, report.reviewed_by) == ("reviewed", cast.hr)


def test_annual_reports_are_scoped_per_department(cast, login):
    report = services.annual_report_save(actor=cast.dept, department=cast.department, year=2020)
    url = reverse("planning:annual_detail", args=[report.pk])
    assert login(cast.other_dept).get(url).status_code == 404
    assert login(cast.institution).get(url).status_code in (403, 404)
    assert login(cast.dept).get(url).status_code == 200
    page = login(cast.hr).get(reverse("planning:report_list")).content.decode()
    assert 'id="annual-reports"' in page and reverse("planning:annual_detail", args=[report.pk]) in page


def test_overdue_annual_reports_are_listed_and_reminded(cast, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.annual_report_save(actor=cast.dept, department=cast.department, year=2020, submit=True)
    overdue = selectors_meetings.overdue_annual_reports(cast.hr, dt.date(2021, 6, 15))
    assert [(r["department"], r["year"]) for r in overdue] == [(cast.other_department, 2020)]
    cast.other_dept.email = "yj@example.cn"
    cast.other_dept.save()
    due = targets.annual_report_due(2020)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reminders_send(today=due - dt.timedelta(days=3)) >= 1
    sent = Reminder.objects.filter(kind=Reminder.Kind.ANNUAL, period="2020")
    # the department that submitted is not reminded; the other one is
    assert set(sent.values_list("department_id", flat=True)) == {cast.other_department.pk}
    assert any("2020年年报" in m.subject for m in mail.outbox), [m.subject for m in mail.outbox]


def test_the_department_home_asks_for_the_annual_report(cast, settings):
    settings.SKILLUP_TODAY = "2021-01-25"
    cards = {t.title: t for t in home.todo(cast.dept)}
    assert cards["报送2020年年报"].level == "warning"
    services.annual_report_save(actor=cast.dept, department=cast.department, year=2020, submit=True)
    assert "报送2020年年报" not in {t.title for t in home.todo(cast.dept)}
    assert "待审阅的年报" in {t.title for t in home.todo(cast.hr)}


def test_the_annual_report_pages_and_export(cast, login, django_assert_max_num_queries):
    _year_of_activity(cast)
    client = login(cast.dept)
    response = client.post(
        reverse("planning:annual_new") + "?year=2020",
        {"year": "2020", "action": "submit", "work_done": "总结"},
    )
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and report.status == "submitted"
    hr = login(cast.hr)
    url = reverse("planning:annual_detail", args=[report.pk])
    with django_assert_max_num_queries(20):
        assert hr.get(url).status_code == 200
    workbook = load_workbook(io.BytesIO(hr.get(url + "?format=xlsx").content))
    values = [c.value for row in workbook.active.iter_rows() for c in row]
    assert Decimal(str(values[values.index("合计") + 6])) == Decimal("7400.00")
    assert hr.post(reverse("planning:annual_action", args=[report.pk, "review"])).status_code == 302
    assert AnnualReport.objects.get().status == "reviewed"


def test_the_form_shows_the_live_year_and_is_for_the_department_only(cast, login):
    _year_of_activity(cast)
    page = login(cast.dept).get(reverse("planning:annual_new") + "?year=2020")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="annual-months"' in html and "7,400.00" in html
    assert login(cast.hr).get(reverse("planning:annual_new")).status_code == 403
    r = login(cast.dept).get(reverse("planning:annual_new") + "?year=2021", follow=True)
    assert "2021年的年报现在不能报送" in r.content.decode()
    assert not AnnualReport.objects.exists()

"""The demo's coordination (issue 15 item 7): a 2020 leading-group meeting with one task done and one
overdue, a working meeting, the 2020 annual reports of most departments; the overdue page shows the task."""

import pytest

pytestmark = pytest.mark.django_db


def test_demo_meetings_tasks_and_annual_reports(demo, client):
    from skillup.accounts.models import User
    from skillup.planning.models import AnnualReport, Meeting, MeetingTask
    from skillup.planning.selectors import reporting_departments

    assert set(Meeting.objects.values_list("kind", flat=True)) == {"leading", "working"}
    leading = Meeting.objects.get(kind="leading")
    assert leading.held_on.year == 2020
    assert leading.tasks.filter(status="done").exists()
    overdue = MeetingTask.objects.filter(status="open", due_on__lt="2021-06-15")
    assert overdue.exists()
    submitted = AnnualReport.objects.filter(year=2020, first_submitted_on__isnull=False)
    assert reporting_departments().count() > submitted.count() > reporting_departments().count() // 2
    assert submitted.filter(status="reviewed").exists() and submitted.filter(status="submitted").exists()
    client.force_login(User.objects.get(username="hr"), backend="skillup.accounts.backends.SkillUpBackend")
    page = client.get("/planning/reports/overdue/").content.decode()
    assert overdue.first().decision in page

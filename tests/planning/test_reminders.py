"""Reminders before the 5th and 31 January: e-mail through Django's backend, once a day, and home cards."""

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from skillup.planning import services, services_meetings, targets
from skillup.planning.models import Reminder
from skillup.planning.reminders import reminders_send as _send


def reminders_send(**kw):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return _send(**kw)


def _emails(cast):
    cast.dept.email = "jxj@example.gov.cn"
    cast.dept.save()
    cast.other_dept.email = "yjglj@example.gov.cn"
    cast.other_dept.save()


def _up_to_date_until_april(cast, settings):
    """Both departments filed every plan and the 2020 annual report, and reported every month up to April
    2021."""
    pairs = ((cast.dept, cast.department), (cast.other_dept, cast.other_department))
    for y in (2019, 2020, 2021):
        settings.SKILLUP_TODAY = f"{y}-01-10" if y > 2019 else "2019-11-10"
        for u, org in pairs:
            plan = services.plan_save(
                actor=u,
                department=org,
                year=y,
                lines=[{"scheme": "vocational_certificate", "person_times": 1, "budget": "1"}],
            )
            services.plan_submit(actor=u, plan=plan)
    settings.SKILLUP_TODAY = "2021-01-20"  # and the 2020 annual report (第19条), due 31 January
    for u, org in pairs:
        services_meetings.annual_report_save(actor=u, department=org, year=2020, submit=True)
    settings.SKILLUP_TODAY = "2021-06-01"
    for m in targets.reportable_months(dt.date(2021, 5, 20)):
        for u, org in pairs:
            services.report_submit(actor=u, department=org, month=m)


def test_three_days_before_the_5th_each_department_without_a_report_is_mailed_once(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _emails(cast)
    _up_to_date_until_april(cast, settings)
    settings.SKILLUP_TODAY = "2021-06-02"
    services.report_submit(actor=cast.dept, department=cast.department, month=dt.date(2021, 5, 1))
    assert reminders_send(today=dt.date(2021, 6, 2)) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["yjglj@example.gov.cn"]
    assert "2021年05月月报" in message.subject and "2021-06-05" in message.body
    assert reminders_send(today=dt.date(2021, 6, 2)) == 0 and len(mail.outbox) == 1  # idempotent per day


def test_no_reminder_on_a_quiet_day_and_overdue_reminders_every_seven_days(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _emails(cast)
    _up_to_date_until_april(cast, settings)
    assert reminders_send(today=dt.date(2021, 5, 20)) == 0
    assert reminders_send(today=dt.date(2021, 6, 6)) == 2  # the day after the deadline
    assert all("逾期" in m.subject for m in mail.outbox)
    assert reminders_send(today=dt.date(2021, 6, 7)) == 0
    assert reminders_send(today=dt.date(2021, 6, 13)) == 2
    assert Reminder.objects.filter(overdue=True).count() == 4


def test_the_command_sends_todays_reminders(cast, settings, capsys, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _emails(cast)
    _up_to_date_until_april(cast, settings)
    settings.SKILLUP_TODAY = "2021-06-04"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-reminders")
    assert "已提醒 2 个部门" in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_the_home_page_shows_the_report_due_as_a_todo_card(cast, login, settings):
    settings.SKILLUP_TODAY = "2021-06-03"
    body = login(cast.dept).get(reverse("home")).content.decode()
    assert "报送2021年05月月报" in body and "还剩 2 天" in body
    services.report_submit(actor=cast.dept, department=cast.department, month=dt.date(2021, 5, 1))
    body = login(cast.dept).get(reverse("home")).content.decode()
    assert "报送2021年05月月报" not in body
    hr = login(cast.hr).get(reverse("home")).content.decode()
    assert "逾期未报的月报" in hr

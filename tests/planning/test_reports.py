"""Monthly reports: pre-filled, submitted by the 5th, frozen; corrections make a new version."""

import datetime as dt
from decimal import Decimal

import pytest

from skillup.core.errors import NotAllowed, RuleViolation
from skillup.planning import selectors, services
from skillup.planning.models import MonthlyReport
from tests.planning.factories import ClaimFactory

MAY = dt.date(2021, 5, 1)


def _submit(cast, month=MAY, **kw):
    return services.report_submit(
        actor=cast.dept, department=cast.department, month=month, work_done="开班3期", **kw
    )


def test_a_submitted_report_freezes_the_figures_of_the_day(cast, settings):
    settings.SKILLUP_TODAY = "2021-06-04"
    ClaimFactory(department=cast.department, amount=Decimal("2400.00"), status="paid")
    report = _submit(cast)
    assert report.status == "submitted" and not report.late
    assert report.figures["totals"]["amount_paid"] == "2400.00"
    ClaimFactory(department=cast.department, amount=Decimal("1000.00"), status="paid")
    report.refresh_from_db()
    assert report.figures["totals"]["amount_paid"] == "2400.00"


def test_a_report_after_the_5th_is_late(cast, settings):
    settings.SKILLUP_TODAY = "2021-06-07"
    assert _submit(cast).late


@pytest.mark.parametrize("month", [dt.date(2021, 6, 1), dt.date(2021, 7, 1), dt.date(2019, 9, 1)])
def test_a_report_for_a_month_not_yet_ended_or_before_the_programme_is_refused(cast, month):
    with pytest.raises(RuleViolation) as exc:
        _submit(cast, month=month)
    assert exc.value.errors[0].field == "month"
    assert not MonthlyReport.objects.exists()


def test_a_second_report_for_a_frozen_month_is_refused_and_nothing_is_written(cast):
    first = _submit(cast)
    with pytest.raises(RuleViolation) as exc:
        _submit(cast)
    assert "已于" in exc.value.errors[0].message and "更正" in exc.value.errors[0].message
    with pytest.raises(RuleViolation):
        services.report_save_draft(actor=cast.dept, department=cast.department, month=MAY, work_done="x")
    assert list(MonthlyReport.objects.values_list("pk", flat=True)) == [first.pk]


def test_a_correction_is_a_new_version_and_the_old_one_is_kept(cast, settings):
    settings.SKILLUP_TODAY = "2021-06-03"
    first = _submit(cast)
    settings.SKILLUP_TODAY = "2021-06-20"
    ClaimFactory(department=cast.department, amount=Decimal("1500.00"), status="paid")
    with pytest.raises(RuleViolation):
        services.report_correct(actor=cast.dept, report=first, reason="")
    second = services.report_correct(actor=cast.dept, report=first, reason="补录遗漏申领", work_done="更正")
    first.refresh_from_db()
    assert (first.status, second.status, second.version) == ("superseded", "submitted", 2)
    assert (
        second.figures["totals"]["amount_paid"] == "1500.00"
        and first.figures["totals"]["amount_paid"] == "0.00"
    )
    assert not second.late  # timeliness counts the first submission


def test_a_draft_keeps_the_narrative_and_is_submitted_later(cast):
    draft = services.report_save_draft(
        actor=cast.dept, department=cast.department, month=MAY, problems="场地不足"
    )
    assert draft.status == "draft" and draft.figures == {}
    report = _submit(cast)
    assert report.pk == draft.pk and report.status == "submitted"


def test_a_department_cannot_report_for_another(cast):
    with pytest.raises(NotAllowed):
        services.report_submit(actor=cast.other_dept, department=cast.department, month=MAY)


def test_overdue_reports_are_listed_for_hr_and_a_department_sees_its_own(cast, settings):
    settings.SKILLUP_TODAY = "2021-06-15"
    _submit(cast)
    hr_rows = selectors.overdue_reports(cast.hr, dt.date(2021, 6, 15))
    pairs = {(r["department"].code, r["month"]) for r in hr_rows}
    assert ("jxj", MAY) not in pairs and ("yjglj", MAY) in pairs and ("jxj", dt.date(2021, 4, 1)) in pairs
    own = selectors.overdue_reports(cast.dept, dt.date(2021, 6, 15))
    assert {r["department"].code for r in own} == {"jxj"}

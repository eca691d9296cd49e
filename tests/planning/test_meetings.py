"""Coordination meetings (第19条, 附件3 一): decisions become tasks of member units, done by the owner,
extended or cancelled by the office; overdue tasks stand beside overdue reports."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.planning import home, selectors_meetings
from skillup.planning import services_meetings as services
from skillup.planning.models import Meeting, MeetingTask


def _meeting(cast, held_on="2021-03-10", decisions=None, **data):
    values = {
        "kind": Meeting.Kind.LEADING,
        "held_on": held_on,
        "title": "2021年上半年技能提升行动协调会议",
        "agenda": "一、通报2020年进度\n二、商定2021年目标任务",
        "departments": [cast.department.pk, cast.finance_bureau.pk],
        "attendees": "区人力社保局 张局长\n区经信局 李科长",
        **data,
    }
    if decisions is None:
        decisions = [
            {"decision": "制订数字经济职工培训方案", "owner": cast.department.pk, "due_on": "2021-05-31"},
            {"decision": "拨付上半年补贴资金", "owner": cast.finance_bureau.pk, "due_on": "2021-07-31"},
        ]
    return services.meeting_record(actor=cast.hr, data=values, decisions=decisions)


def test_a_meeting_is_recorded_with_its_decisions_as_tasks_and_audited(cast):
    meeting = _meeting(cast)
    tasks = list(meeting.tasks.order_by("due_on"))
    assert [(t.owner, t.due_on, t.status) for t in tasks] == [
        (cast.department, dt.date(2021, 5, 31), "open"),
        (cast.finance_bureau, dt.date(2021, 7, 31), "open"),
    ]
    assert set(meeting.departments.all()) == {cast.department, cast.finance_bureau}
    assert meeting.attendee_lines == ["区人力社保局 张局长", "区经信局 李科长"]
    assert AuditEntry.objects.filter(action="meeting.record", object_id=str(meeting.pk)).exists()


def test_bad_input_names_every_row_and_writes_nothing(cast):
    with pytest.raises(RuleViolation) as exc:
        _meeting(
            cast,
            title="",
            decisions=[
                {"decision": "", "owner": cast.department.pk, "due_on": "2021-05-31"},
                {"decision": "x", "owner": cast.institution_org.pk, "due_on": "2021-01-01"},
                {"decision": "y", "owner": cast.department.pk, "due_on": "明天"},
            ],
        )
    found = {(e.field, e.row) for e in exc.value.errors}
    assert {("title", None), ("decision", 1), ("owner", 2), ("due_on", 2), ("due_on", 3)} <= found
    assert not Meeting.objects.exists()


def test_a_meeting_cannot_be_recorded_before_it_is_held_or_by_a_department(cast):
    with pytest.raises(RuleViolation):
        _meeting(cast, held_on="2021-06-16")
    with pytest.raises(NotAllowed):
        services.meeting_record(actor=cast.dept, data={}, decisions=[])


def test_the_owner_marks_a_task_done_with_a_note_and_nobody_else_can(cast):
    task = _meeting(cast).tasks.get(owner=cast.department)
    with pytest.raises(NotAllowed):
        services.meeting_task_complete(actor=cast.other_dept, task=task, note="已完成")
    with pytest.raises(NotAllowed):
        services.meeting_task_complete(actor=cast.hr, task=task, note="已完成")
    with pytest.raises(RuleViolation):
        services.meeting_task_complete(actor=cast.dept, task=task, note=" ")
    done = services.meeting_task_complete(actor=cast.dept, task=task, note="方案已印发")
    assert (done.status, done.done_on, done.done_note) == ("done", dt.date(2021, 6, 15), "方案已印发")
    assert done.late  # due 2021-05-31
    with pytest.raises(StateConflict):
        services.meeting_task_complete(actor=cast.dept, task=task, note="again")


def test_hr_extends_with_a_reason_keeping_the_first_deadline_and_cancels(cast):
    meeting = _meeting(cast)
    task = meeting.tasks.get(owner=cast.department)
    with pytest.raises(RuleViolation):
        services.meeting_task_extend(actor=cast.hr, task=task, due_on="2021-08-31", reason="")
    with pytest.raises(RuleViolation):
        services.meeting_task_extend(actor=cast.hr, task=task, due_on="2021-05-01", reason="推迟")
    with pytest.raises(NotAllowed):
        services.meeting_task_extend(actor=cast.dept, task=task, due_on="2021-08-31", reason="推迟")
    task = services.meeting_task_extend(actor=cast.hr, task=task, due_on="2021-08-31", reason="等待省厅文件")
    assert (task.due_on, task.first_due_on) == (dt.date(2021, 8, 31), dt.date(2021, 5, 31))
    other = meeting.tasks.get(owner=cast.finance_bureau)
    other = services.meeting_task_cancel(actor=cast.hr, task=other, reason="已并入月度对账")
    assert other.status == "cancelled"
    with pytest.raises(StateConflict):
        services.meeting_task_extend(actor=cast.hr, task=other, due_on="2021-12-31", reason="x")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"meeting_task.extend", "meeting_task.cancel"} <= actions


def test_a_department_sees_meetings_it_attended_or_owns_a_task_of_and_404s_others(cast, login):
    mine = _meeting(cast)
    theirs = _meeting(
        cast,
        departments=[cast.other_department.pk],
        decisions=[{"decision": "应急培训", "owner": cast.other_department.pk, "due_on": "2021-09-30"}],
    )
    assert set(selectors_meetings.meetings_visible_to(cast.dept)) == {mine}
    assert set(selectors_meetings.meetings_visible_to(cast.finance)) == {mine, theirs}
    assert not selectors_meetings.meetings_visible_to(cast.institution).exists()
    client = login(cast.dept)
    assert client.get(reverse("planning:meeting_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("planning:meeting_detail", args=[theirs.pk])).status_code == 404
    other_task = theirs.tasks.get()
    url = reverse("planning:task_action", args=[other_task.pk, "complete"])
    assert client.post(url, {"note": "x"}).status_code == 404
    assert MeetingTask.objects.get(pk=other_task.pk).status == "open"


def test_the_overdue_page_and_its_export_list_overdue_tasks_beside_reports(cast, login):
    _meeting(cast)  # the department's task was due 2021-05-31; Finance's is not due yet
    client = login(cast.hr)
    page = client.get(reverse("planning:overdue")).content.decode()
    assert "制订数字经济职工培训方案" in page
    assert "拨付上半年补贴资金" not in page
    response = client.get(reverse("planning:overdue") + "?format=xlsx")
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    task_rows = [r for r in rows if r[0] == "会议议定事项"]
    assert task_rows == [
        ["会议议定事项", "经信局", "2021-03-10", task_rows[0][3], 15, "制订数字经济职工培训方案"]
    ]
    # the other department sees neither the task nor the meeting
    other = login(cast.other_dept).get(reverse("planning:overdue")).content.decode()
    assert "制订数字经济职工培训方案" not in other


def test_the_department_home_shows_its_open_tasks(cast):
    _meeting(cast)
    cards = {t.title: t for t in home.todo(cast.dept)}
    assert cards["会议议定事项待办"].count == 1
    assert cards["会议议定事项待办"].level == "danger"
    assert "会议议定事项待办" not in {t.title for t in home.todo(cast.other_dept)}


def test_meeting_pages_and_the_task_export(cast, login, django_assert_max_num_queries):
    _meeting(cast)
    client = login(cast.hr)
    with django_assert_max_num_queries(15) as few:
        assert client.get(reverse("planning:meeting_list")).status_code == 200
    for n in range(3):
        _meeting(cast, title=f"第{n}次季度例会", kind=Meeting.Kind.WORKING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("planning:meeting_list")).status_code == 200
    with django_assert_max_num_queries(15) as few:
        assert client.get(reverse("planning:task_list")).status_code == 200
    response = client.get(reverse("planning:task_list") + "?format=xlsx")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.max_row >= 2 + 8


def test_hr_records_a_meeting_through_the_form(cast, login):
    client = login(cast.hr)
    response = client.post(
        reverse("planning:meeting_new"),
        {
            "kind": "working",
            "held_on": "2021-04-08",
            "title": "2021年第二季度工作例会",
            "agenda": "交流日常工作",
            "departments": [str(cast.department.pk)],
            "decision_1": "上报4月台账",
            "owner_1": str(cast.department.pk),
            "due_on_1": "2021-06-30",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.tasks.get().decision == "上报4月台账"
    assert login(cast.dept).get(reverse("planning:meeting_new")).status_code == 403

"""Spreadsheets of coordination: the register of meeting tasks and a department's annual report."""

import datetime as dt

from skillup.core.xlsx import build_workbook
from skillup.planning.exports import figures_sheet

TASK_HEADERS = [
    "会议日期",
    "会议",
    "议定事项",
    "责任单位",
    "办结期限",
    "原定期限",
    "状态",
    "办结日期",
    "办理情况",
]


def tasks(qs, today: dt.date) -> bytes:
    rows = (
        [
            t.meeting.held_on,
            t.meeting.title,
            t.decision,
            t.owner.label,
            t.due_on,
            t.first_due_on if t.first_due_on != t.due_on else "",
            t.get_status_display() + ("（逾期）" if t.is_open and t.due_on < today else ""),
            t.done_on or "",
            t.done_note or t.cancel_reason,
        ]
        for t in qs
    )
    return build_workbook(
        title="会议议定事项办理情况", subtitle=f"截至 {today:%Y-%m-%d}", headers=TASK_HEADERS, rows=rows
    )


def annual_report(report, data) -> bytes:
    status = report.get_status_display() + ("（逾期）" if report.late else "")
    return figures_sheet(
        data,
        title=f"{report.department.name}{report.year}年职业技能提升行动年报",
        subtitle=f"{status}　报送期限 {report.due_on:%Y-%m-%d}",
    )

"""Every write of coordination (第19条, 附件3 一): meetings recorded with their decisions as tasks, tasks
done, extended or cancelled, annual reports drawn up, submitted (frozen), reviewed or returned. Each
function is one transaction with its audit row."""

import datetime as dt

from django.db import transaction

from skillup.accounts import audit
from skillup.core import clock
from skillup.core.errors import FieldError, RuleViolation
from skillup.planning import figures, permissions, targets
from skillup.planning.models import AnnualReport, Meeting, MeetingTask
from skillup.planning.services import ALLOWED_WHO
from skillup.registry.models import Organisation

TEXT_LIMIT = 10000


def _text(raw, limit: int = TEXT_LIMIT) -> str:
    return (raw or "").strip()[:limit]


def _date(raw, *, field: str, label: str, row: int | None = None) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise RuleViolation(
            [FieldError(f"{label}格式应为 YYYY-MM-DD，例如 2020-06-30", field, row=row, label=label)]
        ) from None


def _owners(ids) -> dict[int, Organisation]:
    wanted = {int(i) for i in ids if str(i).strip().isdigit()}
    qs = Organisation.objects.filter(pk__in=wanted, kind__in=permissions.TASK_OWNER_KINDS)
    return {o.pk: o for o in qs}


def _clean_meeting(data: dict) -> dict:
    errors: list[FieldError] = []
    kind = str(data.get("kind") or "")
    if kind not in Meeting.Kind.values:
        errors.append(FieldError("请选择会议类型（领导小组协调会议或季度工作例会）", "kind"))
    held_on = None
    try:
        held_on = _date(data.get("held_on"), field="held_on", label="会议日期")
    except RuleViolation as exc:
        errors.extend(exc.errors)
    if held_on is not None and held_on > clock.today():
        errors.append(FieldError("会议日期不能晚于今天；会议召开后再登记纪要", "held_on"))
    title, agenda = _text(data.get("title"), 200), _text(data.get("agenda"))
    if not title:
        errors.append(FieldError("请填写会议名称", "title"))
    if not agenda:
        errors.append(FieldError("请填写会议议程", "agenda"))
    raw_depts = [d for d in (data.get("departments") or []) if str(d).strip()]
    owners = _owners(raw_depts)
    if len(owners) != len({str(d).strip() for d in raw_depts}):
        errors.append(FieldError("参会单位只能选择区人力社保局、区财政局和各主管部门", "departments"))
    if errors:
        raise RuleViolation(errors)
    return {
        "kind": kind,
        "held_on": held_on,
        "title": title,
        "agenda": agenda,
        "convener": _text(data.get("convener"), 100),
        "minutes": _text(data.get("minutes")),
        "attendees": _text(data.get("attendees")),
        "departments": list(owners.values()),
    }


def _clean_decisions(decisions: list[dict], held_on: dt.date | None) -> list[dict]:
    """Each decision with its owner unit and deadline; all errors at once, each named by its row."""
    errors: list[FieldError] = []
    rows = [d for d in decisions if any(str(v or "").strip() for v in d.values())]
    owners = _owners([d.get("owner") for d in rows])
    cleaned = []
    for n, d in enumerate(rows, start=1):
        text = _text(d.get("decision"), 2000)
        owner = owners.get(int(d["owner"])) if str(d.get("owner") or "").strip().isdigit() else None
        if not text:
            errors.append(FieldError("请填写议定事项的内容", "decision", row=n, label=f"第{n}项"))
        if owner is None:
            errors.append(FieldError("请选择责任单位", "owner", row=n, label=f"第{n}项"))
        try:
            due = _date(d.get("due_on"), field="due_on", label="办结期限", row=n)
        except RuleViolation as exc:
            errors.extend(exc.errors)
            continue
        if held_on is not None and due < held_on:
            errors.append(FieldError("办结期限不能早于会议日期", "due_on", row=n, label=f"第{n}项"))
        cleaned.append({"decision": text, "owner": owner, "due_on": due})
    if errors:
        raise RuleViolation(errors)
    return cleaned


def _held_on_or_none(data: dict) -> dt.date | None:
    try:
        return _date(data.get("held_on"), field="held_on", label="会议日期")
    except RuleViolation:
        return None  # said once, by _clean_meeting


def meeting_record(*, actor, data: dict, decisions: list[dict] | None = None) -> Meeting:
    """Record a held meeting with its attendees, minutes and the decisions it assigned (议定事项)."""
    permissions.enforce(permissions.can_record_meeting(actor))
    errors: list[FieldError] = []
    values: dict = {}
    try:
        values = _clean_meeting(data)
    except RuleViolation as exc:
        errors.extend(exc.errors)
    tasks: list[dict] = []
    try:
        tasks = _clean_decisions(decisions or [], values.get("held_on") or _held_on_or_none(data))
    except RuleViolation as exc:
        errors.extend(exc.errors)
    if errors:
        raise RuleViolation(errors)  # every problem of the form at once; nothing written
    departments = values.pop("departments")
    with transaction.atomic():
        meeting = Meeting.objects.create(created_by=actor, **values)
        meeting.departments.set(departments)
        MeetingTask.objects.bulk_create(
            [
                MeetingTask(
                    meeting=meeting,
                    decision=t["decision"],
                    owner=t["owner"],
                    due_on=t["due_on"],
                    first_due_on=t["due_on"],
                )
                for t in tasks
            ]
        )
        audit.record(
            actor=actor,
            action="meeting.record",
            obj=meeting,
            changes={
                "kind": meeting.kind,
                "held_on": meeting.held_on,
                "departments": [d.label for d in departments],
                "tasks": [f"{t['owner'].label}：{t['decision'][:60]}（{t['due_on']}前）" for t in tasks],
            },
            summary=f"登记{meeting.get_kind_display()}：{meeting.title}",
        )
    return meeting


def meeting_minutes_save(*, actor, meeting: Meeting, minutes: str, attendees: str | None = None) -> Meeting:
    """Keep (or correct) the minutes and the list of people present after the meeting."""
    permissions.enforce(permissions.can_record_meeting(actor, meeting))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        before = audit.snapshot(meeting, ["minutes", "attendees"])
        meeting.minutes = _text(minutes)
        if attendees is not None:
            meeting.attendees = _text(attendees)
        meeting.save(update_fields=["minutes", "attendees", "updated_at"])
        audit.record(
            actor=actor,
            action="meeting.minutes",
            obj=meeting,
            changes=audit.diff(before, audit.snapshot(meeting, ["minutes", "attendees"])),
            summary=f"更新会议纪要：{meeting.title}",
        )
    return meeting


def meeting_task_add(*, actor, meeting: Meeting, decision: str, owner, due_on) -> MeetingTask:
    """A decision added to a recorded meeting (e.g. one taken down after the minutes were agreed)."""
    permissions.enforce(permissions.can_record_meeting(actor, meeting))
    owner_id = getattr(owner, "pk", owner)
    (task,) = _clean_decisions([{"decision": decision, "owner": owner_id, "due_on": due_on}], meeting.held_on)
    with transaction.atomic():
        row = MeetingTask.objects.create(meeting=meeting, first_due_on=task["due_on"], **task)
        audit.record(
            actor=actor,
            action="meeting_task.add",
            obj=row,
            changes={"owner": row.owner.label, "due_on": row.due_on, "decision": row.decision},
            summary=f"{meeting.title} 议定事项交 {row.owner.label} 办理",
        )
    return row


def _locked(task: MeetingTask) -> MeetingTask:
    return (
        MeetingTask.objects.select_for_update(of=("self",)).select_related("owner", "meeting").get(pk=task.pk)
    )


def meeting_task_complete(*, actor, task: MeetingTask, note: str) -> MeetingTask:
    """The owner unit reports the task done, saying what was done (办理情况)."""
    permissions.enforce(permissions.who_completes(actor, task))
    note = _text(note, 5000)
    if not note:
        raise RuleViolation("请填写办理情况，说明已完成哪些工作", field="done_note")
    with transaction.atomic():
        task = _locked(task)
        permissions.enforce(ALLOWED_WHO, permissions.task_open(task, "再报办结"))
        task.status, task.done_on, task.done_by, task.done_note = (
            MeetingTask.Status.DONE,
            clock.today(),
            actor,
            note,
        )
        task.save(update_fields=["status", "done_on", "done_by", "done_note"])
        audit.record(
            actor=actor,
            action="meeting_task.complete",
            obj=task,
            changes={"status": [MeetingTask.Status.OPEN, task.status], "note": note, "late": task.late},
            summary=f"{task.owner.label} 办结议定事项" + ("（逾期）" if task.late else ""),
        )
    return task


def _reason(raw: str, what: str) -> str:
    reason = _text(raw, 300)
    if not reason:
        raise RuleViolation(f"请填写{what}原因", field="reason")
    return reason


def meeting_task_extend(*, actor, task: MeetingTask, due_on, reason: str) -> MeetingTask:
    """The office moves a task's deadline, with the reason; the first deadline is kept."""
    permissions.enforce(permissions.can_record_meeting(actor))
    reason = _reason(reason, "延期")
    new_due = _date(due_on, field="due_on", label="新的办结期限")
    with transaction.atomic():
        task = _locked(task)
        permissions.enforce(ALLOWED_WHO, permissions.task_open(task, "延期"))
        if new_due <= task.due_on:
            raise RuleViolation(f"新的办结期限应晚于原期限 {task.due_on:%Y-%m-%d}", field="due_on")
        old = task.due_on
        task.due_on, task.extension_reason = new_due, reason
        task.save(update_fields=["due_on", "extension_reason"])
        audit.record(
            actor=actor,
            action="meeting_task.extend",
            obj=task,
            changes={"due_on": [old, new_due], "reason": reason},
            summary=f"{task.owner.label} 议定事项延期至 {new_due:%Y-%m-%d}",
        )
    return task


def meeting_task_cancel(*, actor, task: MeetingTask, reason: str) -> MeetingTask:
    """The office withdraws a task no longer needed, with the reason."""
    permissions.enforce(permissions.can_record_meeting(actor))
    reason = _reason(reason, "撤销")
    with transaction.atomic():
        task = _locked(task)
        permissions.enforce(ALLOWED_WHO, permissions.task_open(task, "撤销"))
        task.status, task.cancel_reason = MeetingTask.Status.CANCELLED, reason
        task.save(update_fields=["status", "cancel_reason"])
        audit.record(
            actor=actor,
            action="meeting_task.cancel",
            obj=task,
            changes={"status": [MeetingTask.Status.OPEN, task.status], "reason": reason},
            summary=f"撤销 {task.owner.label} 的议定事项",
        )
    return task


# -- annual reports (年报) --------------------------------------------------------------------------------

NARRATIVE = ("work_done", "problems", "suggestions")


def check_annual_year(year: int) -> None:
    allowed = targets.annual_report_years(clock.today())
    if year not in allowed:
        first = int(targets.data()["deadlines"]["annual_report"]["first_year"])
        raise RuleViolation(f"{year}年尚未结束或不在年报范围内：年报从{first}年起，在次年报送", field="year")


def annual_report_save(*, actor, department, year: int, submit: bool = False, **narrative) -> AnnualReport:
    """Keep the narrative of the year's report as a draft; with `submit`, freeze the year's figures."""
    permissions.enforce(permissions.who_reports_for(actor, department))
    check_annual_year(year)
    text = {k: _text(narrative.get(k), 5000) for k in NARRATIVE}
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().filter(department=department, year=year).first()
        if report is None:
            report = AnnualReport(
                department=department, year=year, created_by=actor, due_on=targets.annual_report_due(year)
            )
        permissions.enforce(ALLOWED_WHO, permissions.annual_open(report if report.pk else None))
        for k, v in text.items():
            setattr(report, k, v)
        if not submit:
            report.save()
            audit.record(
                actor=actor,
                action="annual_report.save_draft",
                obj=report,
                changes=text,
                summary=f"{department.label} {year}年年报草稿",
            )
            return report
        before = report.status
        today = clock.today()
        report.figures = figures.to_json(figures.for_year(department.pk, year))
        report.status = AnnualReport.Status.SUBMITTED
        report.submitted_on, report.submitted_by = today, actor
        report.first_submitted_on = report.first_submitted_on or today
        report.return_reason = ""
        report.save()
        audit.record(
            actor=actor,
            action="annual_report.submit",
            obj=report,
            changes={
                "status": [before, report.status],
                "totals": report.figures.get("totals"),
                "late": report.late,
            },
            summary=f"{department.label} 报送{year}年年报" + ("（逾期）" if report.late else ""),
        )
    return report


def annual_report_review(*, actor, report: AnnualReport, note: str = "") -> AnnualReport:
    """HR reads the report and accepts it (已审阅), with an optional note."""
    permissions.enforce(permissions.who_reviews(actor))
    with transaction.atomic():
        report = (
            AnnualReport.objects.select_for_update(of=("self",))
            .select_related("department")
            .get(pk=report.pk)
        )
        permissions.enforce(ALLOWED_WHO, permissions.review_open(report))
        report.status, report.reviewed_on, report.reviewed_by = (
            AnnualReport.Status.REVIEWED,
            clock.today(),
            actor,
        )
        report.review_note = _text(note, 500)
        report.save(update_fields=["status", "reviewed_on", "reviewed_by", "review_note"])
        audit.record(
            actor=actor,
            action="annual_report.review",
            obj=report,
            changes={"status": [AnnualReport.Status.SUBMITTED, report.status], "note": report.review_note},
            summary=f"审阅 {report.department.label} {report.year}年年报",
        )
    return report


def annual_report_return(*, actor, report: AnnualReport, reason: str) -> AnnualReport:
    """HR sends the report back with what to change; the department resubmits (figures frozen anew)."""
    permissions.enforce(permissions.who_reviews(actor))
    reason = _reason(reason, "退回")
    with transaction.atomic():
        report = (
            AnnualReport.objects.select_for_update(of=("self",))
            .select_related("department")
            .get(pk=report.pk)
        )
        permissions.enforce(ALLOWED_WHO, permissions.review_open(report))
        report.status, report.return_reason = AnnualReport.Status.RETURNED, reason
        report.save(update_fields=["status", "return_reason"])
        audit.record(
            actor=actor,
            action="annual_report.return",
            obj=report,
            changes={"status": [AnnualReport.Status.SUBMITTED, report.status], "reason": reason},
            summary=f"退回 {report.department.label} {report.year}年年报",
        )
    return report

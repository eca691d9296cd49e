"""Home-page cards: the in-app reminders of plan and report deadlines, and HR/Finance's queues."""

from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core import clock
from skillup.core.registry import Todo
from skillup.planning import permissions, selectors, selectors_meetings, targets


def todo(user) -> list[Todo]:
    if user.role == Role.DEPT and user.organisation_id:
        return _department(user) + _coordination(user)
    if user.role in (Role.HR, Role.HR_ADMIN, Role.FINANCE):
        return _bureau(user) + _coordination(user)
    return []


def _coordination(user) -> list[Todo]:
    """The unit's open meeting tasks; a department's annual report due; HR's reports to review."""
    today = clock.today()
    items = []
    tasks = list(selectors_meetings.open_tasks_of(user).only("due_on"))
    if tasks:
        late = sum(1 for t in tasks if t.due_on < today)
        soonest = min(t.due_on for t in tasks)
        items.append(
            Todo(
                "会议议定事项待办",
                count=len(tasks),
                hint=f"其中 {late} 项已逾期" if late else f"最近期限 {soonest:%m月%d日}",
                url=reverse("planning:task_list") + "?mine=1",
                level="danger" if late else "warning",
            )
        )
    if user.role == Role.DEPT:
        for year in targets.annual_report_years(today):
            report = selectors_meetings.own_annual_report(user, year)
            if report is not None and not report.editable:
                continue
            due = targets.annual_report_due(year)
            days = (due - today).days
            if days > int(targets.reminders()["annual_days_before"][0]) and not report:
                continue
            hint = f"已逾期 {-days} 天" if days < 0 else f"请于 {due:%m月%d日} 前报送"
            if report is not None and report.return_reason:
                hint = f"已退回：{report.return_reason}"
            items.append(
                Todo(
                    f"报送{year}年年报",
                    hint=hint,
                    url=reverse("planning:annual_new") + f"?year={year}",
                    level="danger"
                    if days < 0 or (report is not None and report.return_reason)
                    else "warning",
                )
            )
    elif user.role in (Role.HR, Role.HR_ADMIN):
        waiting = selectors_meetings.annual_reports_awaiting(user).count()
        if waiting:
            items.append(Todo("待审阅的年报", count=waiting, url=reverse("planning:report_list") + "#annual"))
    return items


def _department(user) -> list[Todo]:
    today = clock.today()
    items = []
    last = targets.previous_month(today.replace(day=1))
    if last >= targets.first_report_month():
        current = selectors.current_report(user.organisation, last)
        if current is None or not current.frozen:
            due = targets.report_due(last)
            days = (due - today).days
            window = int(targets.reminders()["report_window"])
            if days < 0 or days <= window:
                items.append(
                    Todo(
                        f"报送{last:%Y年%m月}月报",
                        hint=f"已逾期 {-days} 天，请尽快报送"
                        if days < 0
                        else f"请于 {due:%m月%d日} 前报送，还剩 {days} 天",
                        url=reverse("planning:report_new") + f"?month={last:%Y-%m}",
                        level="danger" if days < 0 else "warning",
                    )
                )
    older = [r for r in selectors.overdue_reports(user, today) if r["month"] != last]
    if older:
        items.append(
            Todo(
                "逾期未报的月报",
                count=len(older),
                hint="更早月份的月报尚未报送",
                url=reverse("planning:overdue"),
                level="danger",
            )
        )
    year = today.year
    if year in targets.years():
        plan = selectors.own_plan(user, year)
        if permissions.can_file_plan(user, plan):
            due = targets.plan_due(year)
            days = (due - today).days
            hint = f"已逾期 {-days} 天" if days < 0 else f"请于 {due:%m月%d日} 前报人社局、财政局备案"
            if plan is not None and plan.return_reason:
                hint = f"已退回：{plan.return_reason}"
            items.append(
                Todo(
                    f"编制{year}年度培训计划",
                    hint=hint,
                    level="danger" if days < 0 else "warning",
                    url=reverse("planning:plan_new") + f"?year={year}",
                )
            )
    return items


def _bureau(user) -> list[Todo]:
    today = clock.today()
    items = []
    waiting = selectors.plans_awaiting(user).count()
    if waiting:
        items.append(
            Todo("待备案的年度计划", count=waiting, url=reverse("planning:plan_list") + "?status=submitted")
        )
    if user.role in (Role.HR, Role.HR_ADMIN):
        overdue = len(selectors.overdue_reports(user, today))
        if overdue:
            items.append(
                Todo(
                    "逾期未报的月报",
                    count=overdue,
                    url=reverse("planning:overdue"),
                    level="danger",
                    hint="按部门和月份列出，可导出催报",
                )
            )
    return items

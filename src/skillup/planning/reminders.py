"""Deadline reminders (annex 3 三、四; 第19条 年报): e-mail to department officers before the 5th and the
31 January (plans, and the annual report of the year before),
and every few days once overdue. The in-app reminders are the home-page cards (home.py).

`reminders_send(today=)` is run daily by the scheduler (`skillup send-reminders`, or the Celery task
`planning.send_reminders`). It is idempotent per day: a second run the same day sends nothing more.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from skillup.accounts import audit
from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.core import clock
from skillup.planning import targets
from skillup.planning.models import AnnualPlan, AnnualReport, MonthlyReport, Reminder
from skillup.planning.selectors import FILED, SUBMITTED, reporting_departments


def _should(days_to_due: int, before: list[int], every: int) -> bool:
    if days_to_due >= 0:
        return days_to_due in before
    return (-days_to_due - 1) % every == 0  # the day after the deadline, then every `every` days


def due_today(today: dt.date) -> dict[int, list[dict]]:
    """What each department must be reminded of today: {department_id: [{kind, period, due, overdue}]}."""
    cfg = targets.reminders()
    every = int(cfg["overdue_every_days"])
    depts = list(reporting_departments())
    ids = [d.pk for d in depts]
    months = [m for m in targets.reportable_months(today)]
    done = set(
        MonthlyReport.objects.filter(department_id__in=ids, status__in=SUBMITTED).values_list(
            "department_id", "month"
        )
    )
    plans = set(
        AnnualPlan.objects.filter(department_id__in=ids, status__in=FILED).values_list(
            "department_id", "year"
        )
    )
    annual = set(
        AnnualReport.objects.filter(department_id__in=ids, first_submitted_on__isnull=False).values_list(
            "department_id", "year"
        )
    )
    annual_years = targets.annual_report_years(today)
    out: dict[int, list[dict]] = {}
    for d in depts:
        items = []
        for m in months:
            if (d.pk, m) in done:
                continue
            due = targets.report_due(m)
            if _should((due - today).days, cfg["report_days_before"], every):
                items.append(
                    {
                        "kind": Reminder.Kind.REPORT,
                        "period": f"{m:%Y-%m}",
                        "due": due,
                        "overdue": due < today,
                        "label": f"{m:%Y年%m月}月报",
                    }
                )
        for y in targets.years():
            if (d.pk, y) in plans or y > today.year:
                continue
            due = targets.plan_due(y)
            if _should((due - today).days, cfg["plan_days_before"], every):
                items.append(
                    {
                        "kind": Reminder.Kind.PLAN,
                        "period": str(y),
                        "due": due,
                        "overdue": due < today,
                        "label": f"{y}年度培训计划",
                    }
                )
        for y in annual_years:  # 第19条 年报, reminded like the monthly reports
            if (d.pk, y) in annual:
                continue
            due = targets.annual_report_due(y)
            if _should((due - today).days, cfg["annual_days_before"], every):
                items.append(
                    {
                        "kind": Reminder.Kind.ANNUAL,
                        "period": str(y),
                        "due": due,
                        "overdue": due < today,
                        "label": f"{y}年年报",
                    }
                )
        if items:
            out[d.pk] = items
    return out


def reminders_send(*, today: dt.date | None = None) -> int:
    """Send today's reminders; returns how many departments were reminded."""
    today = today or clock.today()
    wanted = due_today(today)
    if not wanted:
        return 0
    already = set(
        Reminder.objects.filter(sent_on=today, department_id__in=list(wanted)).values_list(
            "department_id", "kind", "period"
        )
    )
    recipients: dict[int, list[str]] = {}
    for u in User.objects.filter(role=Role.DEPT, is_active=True, organisation_id__in=list(wanted)).exclude(
        email=""
    ):
        recipients.setdefault(u.organisation_id, []).append(u.email)
    names = dict(reporting_departments().filter(pk__in=list(wanted)).values_list("pk", "short_name"))
    messages, rows = [], []
    for dept_id, items in wanted.items():
        fresh = [i for i in items if (dept_id, i["kind"], i["period"]) not in already]
        if not fresh:
            continue
        to = recipients.get(dept_id, [])
        rows.extend(
            Reminder(
                department_id=dept_id,
                kind=i["kind"],
                period=i["period"],
                sent_on=today,
                recipients=len(to),
                overdue=i["overdue"],
            )
            for i in fresh
        )
        if to:
            messages.append(_message(names.get(dept_id, ""), fresh, to, today))
    if not rows:
        return 0
    with transaction.atomic():
        Reminder.objects.bulk_create(rows, ignore_conflicts=True)
        audit.record(
            actor=None,
            action="planning.reminders",
            object_type="planning.reminder",
            object_id=today.isoformat(),
            changes={"departments": len({r.department_id for r in rows}), "emails": len(messages)},
            summary=f"{today:%Y-%m-%d} 催报提醒 {len(rows)} 条，邮件 {len(messages)} 封",
        )
        transaction.on_commit(lambda: get_connection().send_messages(messages))
    return len({r.department_id for r in rows})


def _message(name: str, items: list[dict], to: list[str], today: dt.date) -> EmailMessage:
    lines = [f"{name}：", ""]
    for i in items:
        if i["overdue"]:
            lines.append(f"· {i['label']}已逾期（期限 {i['due']:%Y-%m-%d}），请尽快报送。")
        else:
            lines.append(
                f"· {i['label']}请于 {i['due']:%Y-%m-%d} 前报送（还剩 {(i['due'] - today).days} 天）。"
            )
    lines += [
        "",
        "登录技能提升行动管理平台，在“计划与月报”中填写并报送。",
        "——上虞区就业工作领导小组办公室（区人力社保局）",
    ]
    subject = (
        "【技能提升行动】"
        + ("逾期催报：" if any(i["overdue"] for i in items) else "报送提醒：")
        + "、".join(i["label"] for i in items)
    )
    return EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, to)

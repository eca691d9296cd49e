"""Demo coordination (第19条, 附件3 一) as of the business date, through the real services: the 2020
first-half coordination meeting of the leading group with three decisions (two done, the education bureau's
still open and overdue), a 2021 working meeting, and the 2020 annual reports submitted in January 2021 by
most departments (one late, two missing), most of them reviewed by HR. Each step only once its day has
come, on that day's business date, so the demo seeds at any date of the plan."""

import contextlib
import datetime as dt

from django.conf import settings

from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.core import clock
from skillup.planning import services_meetings as services
from skillup.planning.selectors import reporting_departments
from skillup.registry.models import Organisation

LEADING_DAY = dt.date(2020, 3, 20)
WORKING_DAY = dt.date(2021, 4, 8)
ANNUAL_FIRST_DAY = dt.date(2021, 1, 8)
NO_ANNUAL = ("hszh", "gxzs")  # have not submitted their 2020 report
LATE_ANNUAL = ("cl",)  # submitted after 31 January
NOT_REVIEWED = ("swj", "wjj")


@contextlib.contextmanager
def _on(day: dt.date):
    before = getattr(settings, "SKILLUP_TODAY", "")
    settings.SKILLUP_TODAY = day.isoformat()
    try:
        yield
    finally:
        settings.SKILLUP_TODAY = before


def seed(ctx) -> None:
    on = clock.today()
    hr = User.objects.filter(username="hr").first()
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=["rsj", "czj", "jxj", "jtj", "yjglj"])}
    if hr is None or len(orgs) < 5:
        ctx.say("planning coordination: skipped (no demo bureaus)")
        return
    officers = {
        u.organisation_id: u for u in User.objects.filter(role__in=[Role.DEPT, Role.FINANCE]).order_by("id")
    }
    departments = list(reporting_departments())
    made = []
    if on >= LEADING_DAY:
        with _on(LEADING_DAY):
            meeting = services.meeting_record(
                actor=hr,
                data={
                    "kind": "leading",
                    "held_on": LEADING_DAY,
                    "title": "2020年上半年职业技能提升行动协调会议",
                    "convener": "区就业工作领导小组副组长",
                    "agenda": "一、通报2019年提升行动进展\n二、商定2020年计划安排和目标任务\n三、研究疫情期间线上培训政策",
                    "minutes": "会议听取了区人力社保局关于提升行动进展的汇报，商定2020年全区补贴性培训目标，"
                    "明确各成员单位分工，议定事项如下表，由领导小组办公室督办。",
                    "attendees": "区人力社保局 分管副局长\n区财政局 分管副局长\n区经信局 分管副局长\n区教体局 分管副局长",
                    "departments": [o.pk for o in (orgs["rsj"], orgs["czj"], *departments)],
                },
                decisions=[
                    {
                        "decision": "制订数字经济产业职工技能培训实施方案",
                        "owner": orgs["jxj"].pk,
                        "due_on": "2020-05-31",
                    },
                    {
                        "decision": "建立人社、财政按月对账制度并报送首月对账单",
                        "owner": orgs["czj"].pk,
                        "due_on": "2020-04-30",
                    },
                    {
                        "decision": "组织“两后生”职业技能培训专项行动并报送方案",
                        "owner": orgs["jtj"].pk,
                        "due_on": "2020-09-30",
                    },
                ],
            )
        made.append(meeting.title)
        tasks = {t.owner.code: t for t in meeting.tasks.select_related("owner")}
        for code, day, note in (
            ("czj", dt.date(2020, 4, 28), "对账制度已建立，3月对账单已报送"),
            ("jxj", dt.date(2020, 5, 26), "实施方案已印发（虞经信〔2020〕21号）"),
        ):
            officer = officers.get(orgs[code].pk)
            if on >= day and officer is not None:
                with _on(day):
                    services.meeting_task_complete(actor=officer, task=tasks[code], note=note)
    if on >= WORKING_DAY:
        with _on(WORKING_DAY):
            meeting = services.meeting_record(
                actor=hr,
                data={
                    "kind": "working",
                    "held_on": WORKING_DAY,
                    "title": "2021年第二季度工作例会",
                    "convener": "领导小组办公室主任",
                    "agenda": "一、交流一季度工作\n二、月报报送和台账审核中的问题",
                    "minutes": "各成员单位联络员交流一季度工作；针对个别部门月报逾期，议定按期补报。",
                    "attendees": "各成员单位联络员",
                    "departments": [o.pk for o in departments],
                },
                decisions=[
                    {
                        "decision": "完成高危行业安全技能培训中期检查",
                        "owner": orgs["yjglj"].pk,
                        "due_on": "2021-07-31",
                    },
                ],
            )
        made.append(meeting.title)
    reports = _annual_reports(on, departments, officers, hr)
    ctx.say(f"planning coordination: {len(made)} meetings, {reports} annual reports of 2020")


def _annual_reports(on: dt.date, departments, officers, hr) -> int:
    done = 0
    for n, dept in enumerate(departments):
        officer = officers.get(dept.pk)
        if officer is None or dept.code in NO_ANNUAL:
            continue
        day = (
            dt.date(2021, 2, 5) if dept.code in LATE_ANNUAL else ANNUAL_FIRST_DAY + dt.timedelta(days=n % 20)
        )
        if on < day:
            continue
        with _on(day):
            report = services.annual_report_save(
                actor=officer,
                department=dept,
                year=2020,
                submit=True,
                work_done=f"{dept.short_name}全年按计划组织本行业职业技能培训，按实名制台账审核申领。",
                problems="疫情期间线下培训受影响，部分班次延期。",
                suggestions="2021年扩大线上培训，加强与培训机构对接。",
            )
        done += 1
        review_day = day + dt.timedelta(days=7)
        if dept.code not in NOT_REVIEWED and on >= review_day:
            with _on(review_day):
                services.annual_report_review(actor=hr, report=report, note="数据与月报一致，同意。")
    return done

"""Planning journeys: a department files its plan, HR and Finance acknowledge it, the department submits
its monthly report, HR looks at the district dashboard (its ECharts canvases rendered)."""

import datetime as dt
import random
from decimal import Decimal

from skillup.planning.models import AnnualPlan, MonthlyReport
from tests.planning.factories import ClaimFactory


def _district_activity(cast):
    rng = random.Random(5)
    for i in range(60):
        ClaimFactory(
            department=rng.choice([cast.department, cast.other_department]),
            scheme=rng.choice(["vocational_certificate", "special_ability", "elite_training"]),
            status=rng.choice(["paid", "paid", "finance_approved", "dept_approved", "rejected"]),
            amount=Decimal(rng.choice([1400, 2400, 3500, 800])),
            entitlement_date=dt.date(2020, 1, 1) + dt.timedelta(days=i * 8),
            person=cast.trainee_person if i % 2 else cast.other_person,
            level=rng.choice(["中级", "技师"]),
        )
    for status in ("paid", "finance_approved", "checked"):
        ClaimFactory(department=cast.department, status=status, entitlement_date=dt.date(2021, 5, 12))


def test_a_plan_is_filed_acknowledged_reported_on_and_seen_on_the_dashboard(cast, page_as, shot):
    _district_activity(cast)

    page = page_as(cast.dept)
    shot(page, "planning-dept-home")
    # The home card is the in-app reminder: it leads straight to the plan form.
    page.locator(".su-card", has_text="编制2021年度培训计划").locator("a").click()
    page.fill("input[name=pt_vocational_certificate]", "300")
    page.fill("input[name=up_vocational_certificate]", "40")
    page.fill("input[name=budget_vocational_certificate]", "720000")
    page.click("button:has-text('报送备案')")
    assert "不得超过目录规定的30%" in page.inner_text("main")
    page.fill("input[name=up_vocational_certificate]", "20")
    page.fill("input[name=pt_special_ability]", "120")
    page.fill("input[name=budget_special_ability]", "96000")
    page.click("button:has-text('报送备案')")
    assert page.inner_text("#plan-status") == "已报送待备案"
    assert "逾期报送" in page.inner_text("main")  # filed in June, after 31 January
    shot(page, "planning-dept-plan-filed")

    plan = AnnualPlan.objects.get(department=cast.department, year=2021)
    for officer in (cast.hr, cast.finance):
        p = page_as(officer)
        p.goto(f"{p.base}/planning/plans/?status=submitted")
        p.click("table >> text=经信局")
        p.click("button.btn-success:has-text('备案')")
        assert "已备案" in p.inner_text("main")
    plan.refresh_from_db()
    assert plan.status == "acknowledged"

    page.goto(f"{page.base}/planning/reports/")
    page.click("a:has-text('填写月报')")
    assert "职业证书培训" in page.inner_text("#report-figures")
    page.fill("textarea[name=work_done]", "开展焊工、电工培训2期，走访企业5家。")
    page.fill("textarea[name=problems]", "个别学员出勤不足。")
    page.click("button:has-text('报送（冻结数据）')")
    assert page.inner_text("#report-status") == "已报送"
    assert MonthlyReport.objects.get(department=cast.department, month=dt.date(2021, 5, 1)).frozen
    shot(page, "planning-dept-report-submitted")

    hr = page_as(cast.hr)
    errors = []
    hr.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)
    hr.on("pageerror", lambda e: errors.append(str(e)))
    hr.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    hr.goto(f"{hr.base}/planning/dashboard/")
    for chart in ("chart-gauge", "chart-trend", "chart-departments", "chart-budget"):
        hr.wait_for_selector(f"#{chart} canvas")
    assert hr.locator("#chart-gauge canvas").bounding_box()["width"] > 100
    assert "40000" in hr.inner_text("main") and not errors, errors
    shot(hr, "planning-hr-dashboard")
    hr.click("aside >> text=绩效评价")
    assert "经信局" in hr.inner_text("#ranking")
    hr.click("text=生成通报")
    assert "通报" in hr.inner_text("main")
    shot(hr, "planning-hr-notice")


def test_a_meeting_decision_becomes_a_task_the_department_reports_done(cast, page_as, shot):
    """第19条, 附件3 一: HR records a coordination meeting with a decision for the department; the task
    shows on the department's home (on a phone), which reports it done; the overdue page has it no more."""
    hr = page_as(cast.hr)
    hr.goto(f"{hr.base}/planning/meetings/new/")
    hr.fill("input[name=held_on]", "2021-03-10")
    hr.fill("input[name=title]", "2021年上半年协调会议")
    hr.fill("textarea[name=agenda]", "商定2021年目标任务")
    hr.check(f"#dept-{cast.department.pk}")
    hr.fill("input[name=decision_1]", "制订数字经济职工培训方案")
    hr.select_option("select[name=owner_1]", str(cast.department.pk))
    hr.fill("input[name=due_on_1]", "2021-05-31")
    hr.click("button:has-text('登记')")
    assert "制订数字经济职工培训方案" in hr.inner_text("#meeting-tasks")
    hr.goto(f"{hr.base}/planning/reports/overdue/")
    assert "制订数字经济职工培训方案" in hr.inner_text("#overdue-tasks")

    page = page_as(cast.dept, viewport={"width": 390, "height": 844})
    page.locator(".su-card", has_text="会议议定事项待办").locator("a").click()
    page.click("#tasks >> text=制订数字经济职工培训方案")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the action form fits a phone
    page.fill("input[name=note]", "方案已印发")
    page.click("button:has-text('报告办结')")
    assert "已办结" in page.inner_text("#meeting-tasks")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "planning-dept-task-done-390")
    hr.reload()
    assert "制订数字经济职工培训方案" not in hr.inner_text("#overdue-tasks")

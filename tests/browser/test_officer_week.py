"""Issue 12, "an officer's week without help": one journey per role through the issue's items, in
chromium at 1440 px (and 390 px for the trainee's pages). Every page visited is checked by
`checks.looks_right` (title with its separator, no raw field names, no developer notes, no wall-clock
dates beside the business date). Screenshots: test-results/week-<role>-*.png."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from skillup.accounts.models import AuditEntry
from skillup.subsidies.models import Claim
from tests.browser.checks import looks_right, no_sideways_scroll
from tests.browser.conftest import DESK, PHONE
from tests.subsidies.factories import advance, budget, claims_for_class, finished_class

S = Claim.Status


def _go(page, name, *args, query=""):
    page.goto(page.base + reverse(name, args=args) + query)
    return page


def _menu(page, label):
    page.locator("aside a.nav-link", has_text=re.compile(f"^{label}$")).click()
    page.wait_for_load_state()


def _listed(page) -> int:
    """The row count a list page says it holds: "共 N 条" under a paginated list, "月报（N）" on the overdue
    list, else the rows of its table."""
    main = page.inner_text("main")
    found = re.search(r"共 (\d+) 条", main) or re.search(r"月报（(\d+)）", main)
    if found:
        return int(found.group(1))
    return page.locator("main table tbody tr:not(:has(td[colspan]))").count()


def _yuan(text: str) -> Decimal:
    return Decimal(text.replace(",", "").strip())


# --- hr ------------------------------------------------------------------------------------------------


@pytest.fixture
def hr_week(cast):
    """Two claims whose competent department is the HR bureau itself (waiting at the department step,
    which HR takes), and three of 经信局 already approved by the department (waiting for HR)."""
    from skillup.subsidies.services import claims_create_for_class

    budget(cast.hr_bureau)
    hr_sector = claims_create_for_class(
        actor=cast.institution, klass=finished_class(cast, people=2, department=cast.hr_bureau)
    )
    waiting = advance(cast, claims_for_class(cast, people=3), to="dept_approved")
    return hr_sector, waiting


def test_hr_week(cast, hr_week, page_as, shots):
    hr_sector, waiting = hr_week
    page = page_as(cast.hr, viewport=DESK)
    looks_right(page)
    shots(page, "week-hr-01-home")

    # Defect 1: each home tile's count is the number of rows of the list it links to.
    tiles = page.locator(".su-todo .su-card")
    counted = {}
    for i in range(tiles.count()):
        tile = tiles.nth(i)
        if tile.locator(".count").count() and tile.locator("a").count():
            counted[tile.locator(".text-muted.small").inner_text()] = (
                int(tile.locator(".count").inner_text()),
                tile.locator("a").get_attribute("href"),
            )
    assert counted["待主管部门审核（人社局主管）的补贴申领"][0] == 2
    assert counted["待人社局审核的补贴申领"][0] == 3
    for title, (count, href) in counted.items():
        page.goto(page.base + href)
        looks_right(page)
        assert _listed(page) == count, title
        if "申领" in title:
            assert page.locator("table tbody tr a[href*='/claims/']").count() == count, title

    # Defect 1: a claim whose competent department is 人社局 has its review form on its page for HR.
    page.goto(page.base + counted["待主管部门审核（人社局主管）的补贴申领"][1])
    page.click(f"a:has-text('#{hr_sector[0].pk}')")
    main = looks_right(page)
    assert "审核" in main and page.locator("button:has-text('通过')").count() == 1
    shots(page, "week-hr-02-hr-sector-claim")
    page.click("button:has-text('通过')")
    page.wait_for_selector("text=当前状态：待人社局审核")
    looks_right(page)
    # The same officer may not approve it again at the HR step: no form now.
    assert page.locator("button:has-text('通过')").count() == 0
    assert Claim.objects.get(pk=hr_sector[0].pk).status == S.DEPT_APPROVED

    # Defect 9: bulk approval of everything waiting, after a confirmation with count and total.
    _go(page, "claim_list", query=f"?status={S.DEPT_APPROVED}&department={cast.department.code}")
    assert _listed(page) == 3
    page.check("#all-filtered")
    page.click("button:has-text('批量通过')")
    page.wait_for_selector("[data-testid=confirm]")
    looks_right(page)
    assert page.inner_text("[data-testid=confirm-count]") == "3"
    assert _yuan(page.inner_text("[data-testid=confirm-total]")) == sum(c.amount for c in waiting)
    assert not Claim.objects.filter(pk__in=[c.pk for c in waiting], status=S.HR_APPROVED).exists()
    shots(page, "week-hr-03-bulk-confirmation")
    page.click("[data-testid=confirm] button[type=submit]")
    page.wait_for_selector("text=审核通过 3 笔")
    looks_right(page)
    assert Claim.objects.filter(pk__in=[c.pk for c in waiting], status=S.HR_APPROVED).count() == 3


# --- hradmin -------------------------------------------------------------------------------------------


def test_hradmin_week(cast, page_as, shots):
    """Defect 4 on the audit log (HR's administrator and the auditor read it), and the admin in Chinese."""
    claims = advance(cast, claims_for_class(cast, people=3), to="hr_approved")
    page = page_as(cast.hradmin, viewport=DESK)
    looks_right(page)
    # Defect 4: the audit log in Chinese, whole values, filters by action name and by object, xlsx.
    _menu(page, "审计日志")
    main = looks_right(page, real_time_allowed=True)
    assert "补贴审核：" in main and "claim.review" not in main
    assert not re.search(r"：\w → \w(?!\w)", main), "a value sliced letter by letter"
    assert "业务日期 2021-06-15" in main  # the trail keeps real time and shows the business date too
    assert str(dt.datetime.now().year) in main
    shots(page, "week-hradmin-01-audit-log")
    action = AuditEntry.objects.filter(action__startswith="claim.review.hr").first().action
    page.select_option("#f-action", action)
    page.click("button:has-text('筛选')")
    main = looks_right(page, real_time_allowed=True)
    rows = page.locator("table tbody tr")
    assert rows.count() == AuditEntry.objects.filter(action=action).count() >= 3
    shown = {rows.nth(i).locator("td").nth(3).inner_text() for i in range(rows.count())}
    assert len(shown) == 1 and shown.pop().startswith("补贴审核：")
    page.click("a:has-text('清除')")
    page.fill("#f-q", "审核")
    page.select_option("#f-type", "subsidies.claim")
    page.fill("#f-object", str(claims[0].pk))
    page.click("button:has-text('筛选')")
    main = looks_right(page, real_time_allowed=True)
    rows = page.locator("table tbody tr")
    expected = AuditEntry.objects.filter(object_type="subsidies.claim", object_id=str(claims[0].pk))
    assert 1 <= rows.count() <= expected.count()
    assert all(
        f" {claims[0].pk}" in rows.nth(i).locator("td").nth(4).inner_text() for i in range(rows.count())
    )
    assert "状态：" in main  # field names in Chinese, the whole value after
    shots(page, "week-hradmin-02-audit-filtered")
    with page.expect_download() as download:
        page.click("a:has-text('导出 Excel')")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.active
    assert sheet["A1"].value == "审计日志"
    lines = [r for r in sheet.iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)]
    assert len(lines) == rows.count() and all(str(r[4]).startswith("补贴审核：") for r in lines)
    # The admin in Chinese (a small item): django-axes translated, group names rather than codes.
    from tests.factories import PersonFactory

    person = PersonFactory(name="周企业", groups=",employee,")
    page.goto(page.base + reverse("admin:index"))
    index = page.inner_text("body")
    assert "登录安全" in index and "登录失败记录" in index
    assert "Access attempts" not in index and "Axes" not in index
    page.goto(page.base + reverse("admin:registry_person_change", args=[person.pk]))
    text = page.inner_text("body")
    assert ",employee," not in page.content() and "企业职工" in text
    assert not re.search(r"\b(Save|Delete|History)\b", text), "English left in the admin"
    shots(page, "week-hradmin-03-admin-person")


# --- finance -------------------------------------------------------------------------------------------


def test_finance_week(cast, page_as, shots, tmp_path):
    """Defect 9: a batch takes every waiting claim across pages after a confirmation with count and total;
    the disbursement file starts with a BOM; the journal exports to xlsx."""
    claims = advance(cast, claims_for_class(cast, people=55))
    page = page_as(cast.finance, viewport=DESK)
    looks_right(page)
    tile = page.locator(".su-card", has_text="待生成支付批次的申领")
    assert tile.locator(".count").inner_text() == "55"
    shots(page, "week-finance-01-home")
    tile.locator("a").click()
    looks_right(page)
    assert _listed(page) == 55 and page.locator("input[name=ids]").count() == 50  # two pages
    assert "55 笔待支付申领" in page.inner_text("[data-testid=all-filtered]")
    page.check("#all-filtered")
    shots(page, "week-finance-02-list")
    page.click("button:has-text('生成支付批次')")
    page.wait_for_selector("[data-testid=confirm]")
    looks_right(page)
    assert page.inner_text("[data-testid=confirm-count]") == "55"
    total = sum(c.amount for c in claims)
    assert _yuan(page.inner_text("[data-testid=confirm-total]")) == total
    assert not Claim.objects.filter(status=S.IN_BATCH).exists()
    shots(page, "week-finance-03-batch-confirmation")
    page.click("[data-testid=confirm] button[type=submit]")
    page.wait_for_selector("text=已生成支付批次")
    main = looks_right(page)
    assert "55 笔" in main and f"{total:,.2f}" in main
    assert Claim.objects.filter(status=S.IN_BATCH).count() == 55
    shots(page, "week-finance-04-batch")

    with page.expect_download() as download:
        page.click("a:has-text('下载支付文件')")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith("\ufeff".encode()), "the disbursement CSV has no BOM (garbled in Excel)"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(int(r["claim"]) for r in rows) == sorted(c.pk for c in claims)

    _menu(page, "专项资金")
    looks_right(page)
    page.goto(page.base + reverse("fund_journal"))
    looks_right(page)
    shots(page, "week-finance-05-journal")
    with page.expect_download() as download:
        page.click("a:has-text('导出 Excel')")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    lines = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert len(lines) >= 2 * 55  # each commitment has its two lines


# --- dept ----------------------------------------------------------------------------------------------


def test_dept_week(cast, page_as, shots):
    """The plan form pre-filled from last year; save and submit in one step; the plan button gone once
    filed (no "已已"); then HR's dashboard and ranking count only acknowledged plans, with no placeholder
    budget and no developer notes (defects 7, 8)."""
    from skillup.fund.services import budget_set
    from skillup.planning import services as planning
    from skillup.planning.models import AnnualPlan
    from tests.planning.factories import ClaimFactory

    line = {"scheme": "vocational_certificate", "standard_percent": "100", "uplift_percent": "0"}
    planning.plan_save(
        actor=cast.dept,
        department=cast.department,
        year=2020,
        lines=[{**line, "person_times": "250", "budget": "600000.00"}],
    )
    ClaimFactory(department=cast.department, entitlement_date=dt.date(2020, 6, 1), amount=Decimal("2400.00"))
    # A department with a budget but no plan: the dashboard must not show the budget as its plan.
    budget_set(
        actor=cast.hr, department=cast.other_department, year=2021, amount=Decimal("8000000"), source="hr"
    )

    page = page_as(cast.dept, viewport=DESK)
    looks_right(page)
    shots(page, "week-dept-01-home")
    page.locator(".su-card", has_text="编制2021年度培训计划").locator("a").click()
    main = looks_right(page)
    assert "已按 2020 年度计划预填" in main
    assert page.input_value("input[name=pt_vocational_certificate]") == "250"
    assert "250 / 600,000.00" in main and "1 / 2,400.00" in main  # last year's plan and figures beside
    shots(page, "week-dept-02-plan-prefilled")
    page.fill("input[name=pt_vocational_certificate]", "280")
    page.fill("input[name=budget_vocational_certificate]", "672000")
    page.click("button:has-text('报送备案')")
    page.wait_for_selector("#plan-status")
    main = looks_right(page)
    assert page.inner_text("#plan-status") == "已报送待备案" and "已已" not in main
    plan = AnnualPlan.objects.get(department=cast.department, year=2021)
    assert plan.status == AnnualPlan.Status.SUBMITTED and plan.lines.get().person_times == 280
    shots(page, "week-dept-03-plan-submitted")
    page.goto(page.base + reverse("planning:plan_list"))
    assert "编制2021年度计划" not in looks_right(page)
    page.goto(page.base + "/")
    assert "编制2021年度培训计划" not in looks_right(page)

    for officer in (cast.hr, cast.finance):
        p = page_as(officer, viewport=DESK)
        p.goto(f"{p.base}/planning/plans/?status=submitted")
        p.click("table >> text=经信局")
        p.click("button.btn-success:has-text('备案')")
        assert "已备案" in looks_right(p) and "已已" not in p.inner_text("main")
        p.context.close()
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.ACKNOWLEDGED

    hr = page_as(cast.hr, viewport=DESK)
    hr.goto(hr.base + reverse("planning:dashboard") + "?year=2021")
    hr.wait_for_selector("#chart-gauge canvas")
    looks_right(hr)
    ours = hr.locator("tr", has=hr.locator("td", has_text=re.compile("^经信局$"))).first.inner_text()
    theirs = hr.locator("tr", has=hr.locator("td", has_text=re.compile("^应急管理局$"))).first.inner_text()
    assert "672,000.00" in ours and "未备案计划" not in ours
    assert "未备案计划" in theirs and "8,000,000" not in theirs
    shots(hr, "week-dept-04-hr-dashboard")
    _menu(hr, "绩效评价")
    main = looks_right(hr)
    assert re.search(r"应急管理局\s*未备案计划", main) and not re.search(r"经信局\s*未备案计划", main)
    assert "权重见" not in main and "尚无" not in main
    shots(hr, "week-dept-05-ranking")


# --- institution ---------------------------------------------------------------------------------------


def test_institution_week(cast, page_as, shots, tmp_path):
    """Defect 2: the roster template holds headers and a note, and uploaded unchanged it imports nothing
    with a clear message; defect 5: one trainee typed on the class page gets Chinese field names and no
    row number; the class form lists only the filed schemes that are classes."""
    from skillup.registry.models import Person
    from skillup.training.models import Enrolment, TrainingClass
    from tests.training.helpers import file_for, make_class

    file_for(
        cast.institution_org,
        ("vocational_certificate", "焊工", "初级,中级,高级"),
        ("special_ability", "电子产品装调", "初级,高级"),
    )
    klass = make_class(cast.institution_org, cast.department, status=TrainingClass.Status.APPROVED)
    people = Person.objects.count()

    page = page_as(cast.institution, viewport=DESK)
    looks_right(page)
    _menu(page, "培训班")
    page.click(f"a:has-text('{klass.code}')")
    looks_right(page)
    page.click("text=Excel 批量导入名册")
    looks_right(page)
    with page.expect_download() as download:
        page.click("a:has-text('下载名册模板')")
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.suffix == ".xlsx"
    book = openpyxl.load_workbook(template)
    first = book.worksheets[0]
    assert [c.value for c in first[1]] == ["身份证号", "姓名", "手机号", "人员类别"]
    assert [r for r in first.iter_rows(min_row=2, values_only=True) if any(r)] == []  # nothing importable
    assert all(ws.sheet_state == "visible" for ws in book.worksheets) and "填写说明" in book.sheetnames
    page.set_input_files("input[name=file]", str(template))
    page.click("button:has-text('上传并导入')")
    page.wait_for_selector(".alert")
    main = looks_right(page)
    assert "没有可导入的学员" in main
    assert not re.search(r"第\d+行", main)
    assert Enrolment.objects.count() == 0 and Person.objects.count() == people
    shots(page, "week-institution-01-template-uploaded-unchanged")

    page.goto(page.base + reverse("training_class_detail", args=[klass.code]))
    page.fill("input[name=id_number]", "12345")
    page.fill("input[name=name]", "钱新来")
    page.fill("input[name=groups]", "企业职工")
    page.click("button:has-text('加入名册')")
    page.wait_for_selector(".alert")
    main = looks_right(page)
    assert "身份证号：" in main and not re.search(r"第\d+行", main) and "id_number" not in main
    assert Enrolment.objects.count() == 0
    shots(page, "week-institution-02-one-trainee-error")

    _menu(page, "培训班")
    page.click("text=申请开班")
    looks_right(page)
    offered = set(page.eval_on_selector_all("#id_scheme option", "os => os.map(o => o.value)")) - {""}
    assert offered == {"vocational_certificate", "special_ability"}, offered
    shots(page, "week-institution-03-class-form")


# --- enterprise ----------------------------------------------------------------------------------------


def test_enterprise_week(cast, page_as, shots):
    """Defect 6: a scheme picker, then the scheme's own fields with Chinese choices (no `employee` to
    type, no department to pick); a missing choice is named in Chinese; the claim page has no stray "·"."""
    from skillup.policy.catalogue import default_catalogue
    from skillup.registry import crypto
    from tests.factories import PersonFactory

    apprentice = PersonFactory(name="孙学徒", citizen_card="330600007777", employer=cast.enterprise_org)
    page = page_as(cast.enterprise, viewport=DESK)
    looks_right(page)
    _menu(page, "补贴申领")
    looks_right(page)
    page.click("a:has-text('申请补贴')")
    main = looks_right(page)
    picker = page.locator("[data-testid=scheme-picker] a.list-group-item")
    mine = default_catalogue().schemes_for("enterprise")
    assert picker.count() == len(mine) == 7
    assert [picker.nth(i).locator(".fw-semibold").inner_text() for i in range(7)] == [s.name_zh for s in mine]
    shots(page, "week-enterprise-01-scheme-picker")

    apprenticeship = next(s for s in mine if s.code == "new_apprenticeship")
    page.click(f"[data-testid=scheme-picker] a:has-text('{apprenticeship.name_zh}')")
    main = looks_right(page)
    assert apprenticeship.name_zh in page.inner_text("h1")
    assert page.locator("[name=department]").count() == 0 and "employee" not in main
    kinds = page.eval_on_selector_all("#id_kind option", "os => os.map(o => o.textContent.trim())")
    assert kinds == ["请选择", "职工学徒", "学生学徒"]
    fields = set(page.eval_on_selector_all("form [name]", "es => es.map(e => e.name)"))
    assert fields - {"csrfmiddlewaretoken"} == {
        "scheme",
        "entitlement_date",
        "kind",
        "year_of_scheme",
        "cost",
        "id_number",
    }
    shots(page, "week-enterprise-02-apprenticeship-form")

    page.fill("#id_entitlement_date", "2021-05-01")
    page.fill("#id_year_of_scheme", "1")
    page.fill("#id_cost", "4000")
    page.fill("#id_id_number", crypto.decrypt(apprentice.id_cipher))
    page.click("button:has-text('提交申请')")
    main = looks_right(page)
    assert "请选择类型：职工学徒、学生学徒" in main and not Claim.objects.exists()
    shots(page, "week-enterprise-03-missing-choice")

    page.select_option("#id_kind", label="职工学徒")
    page.click("button:has-text('提交申请')")
    page.wait_for_selector("[data-testid=claim-subtitle]")
    main = looks_right(page)
    claim = Claim.objects.get()
    assert claim.person == apprentice and claim.facts["kind"] == "employee"
    subtitle = page.inner_text("[data-testid=claim-subtitle]")
    assert subtitle.startswith("主管部门") and "· ·" not in subtitle and not subtitle.strip().endswith("·")
    assert claim.department.short_name in subtitle
    shots(page, "week-enterprise-04-claim")


# --- trainee (390 px first) ----------------------------------------------------------------------------


def _first_screen(page, selector, phone=PHONE):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{page.url}: {selector} is not shown"
    assert box["y"] + box["height"] <= phone["height"], f"{page.url}: {selector} starts at {box['y']} px"
    assert box["x"] >= 0 and box["x"] + box["width"] <= phone["width"], f"{page.url}: {selector} {box}"


def test_trainee_week_on_a_phone(cast, page_as, shots):
    """Defect 3 for the trainee pages the training journeys do not cover: the home page, the menu, a class
    of 我的培训, applying for a subsidy, the claim and 我的信息 — each at 390 px with no sideways scroll, the
    top bar on one line with 退出, the page's content before the menu; and the same pages at 1440 px."""
    from skillup.training.models import Enrolment, TrainingClass
    from tests.certificates.factories import registered
    from tests.training.helpers import make_class

    klass = make_class(
        cast.institution_org,
        cast.department,
        status=TrainingClass.Status.RUNNING,
        occupation="焊工",
        start=dt.date(2021, 6, 1),
        end=dt.date(2021, 6, 30),
    )
    Enrolment.objects.create(klass=klass, person=cast.trainee_person, source="form")
    cast.trainee_person.citizen_card = "330600001234"
    cast.trainee_person.save()
    registered(cast.trainee_person, "G-2021-0001", "技师", issued_on=dt.date(2021, 1, 15))

    page = page_as(cast.trainee, viewport=PHONE)
    main = looks_right(page)
    assert "您好" in main
    no_sideways_scroll(page)
    logout = page.locator("button:has-text('退出')").bounding_box()
    assert logout["height"] <= 40 and logout["x"] + logout["width"] <= PHONE["width"], logout  # one line
    assert page.locator("header, nav.navbar, .su-topbar").first.bounding_box()["height"] <= 64
    _first_screen(page, "main h1")
    assert page.locator("details.su-nav").get_attribute("open") is None  # the menu is folded
    shots(page, "week-trainee-01-home", phone=True)

    page.click("details.su-nav summary")
    page.locator("aside a.nav-link", has_text="我的培训").click()
    page.wait_for_selector("#my-classes")
    looks_right(page)
    no_sideways_scroll(page)
    _first_screen(page, "#my-classes tbody tr")
    page.click("#my-classes a:has-text('焊工')")
    main = looks_right(page)
    assert "出勤课时：0 / 70" in main and klass.institution.name in main
    no_sideways_scroll(page)
    shots(page, "week-trainee-02-my-class", phone=True)

    page.click("details.su-nav summary")
    page.locator("aside a.nav-link", has_text="申请补贴").click()
    looks_right(page)
    no_sideways_scroll(page)
    _first_screen(page, "[data-testid=scheme-picker] a.list-group-item")
    shots(page, "week-trainee-03-scheme-picker", phone=True)
    page.click("[data-testid=scheme-picker] a[href$='scheme=high_skill_training_grant']")
    looks_right(page)
    no_sideways_scroll(page)
    for field in page.locator("form .form-control, form .form-select").all():
        if field.is_visible():
            assert field.bounding_box()["width"] >= PHONE["width"] - 80, field  # full-width inputs
    page.fill("#id_entitlement_date", "2021-02-01")
    page.select_option("#id_level", "技师")
    page.fill("#id_certificate_no", "G-2021-0001")
    shots(page, "week-trainee-04-apply-form", phone=True)
    page.click("button:has-text('提交申请')")
    page.wait_for_selector("[data-testid=claim-subtitle]")
    main = looks_right(page)
    assert "4,500.00" in main
    no_sideways_scroll(page)
    claim = Claim.objects.get(person=cast.trainee_person)
    assert claim.amount == Decimal("4500.00")
    shots(page, "week-trainee-05-claim", phone=True)

    page.click("details.su-nav summary")
    page.locator("aside a.nav-link", has_text="补贴申领").click()
    assert f"#{claim.pk}" in looks_right(page)
    no_sideways_scroll(page)
    shots(page, "week-trainee-06-my-claims", phone=True)

    page.click("details.su-nav summary")
    page.locator("aside a.nav-link", has_text="我的信息").click()
    main = looks_right(page)
    assert cast.trainee_person.name in main
    no_sideways_scroll(page)
    shots(page, "week-trainee-07-my-profile", phone=True)


# --- assessor ------------------------------------------------------------------------------------------


@pytest.fixture
def assessor(cast, settings, tmp_path):
    from skillup.accounts.roles import Role
    from skillup.registry.models import Filing, FilingItem, Organisation, OrgKind
    from tests.factories import UserFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    org = Organisation.objects.create(
        kind=OrgKind.ASSESSOR, code="pj-dq", name="上虞区电气职业技能评价中心", short_name="电气评价中心"
    )
    filing = Filing.objects.create(
        institution=org,
        status=Filing.Status.APPROVED,
        valid_from=dt.date(2019, 1, 1),
        valid_until=dt.date(2022, 12, 31),
    )
    FilingItem.objects.create(filing=filing, scheme="skill_level_certificate", occupation="电工", levels="")
    return UserFactory(username="assessor", role=Role.ASSESSOR, organisation=org)


def test_assessor_week(cast, assessor, page_as, shots, tmp_path):
    """The certificate register pages of an assessment institution: registering one certificate (an error
    outside its filing names the Chinese field, no row), the register showing its own certificates only,
    another institution's certificate a 404, the upload template uploaded unchanged importing nothing."""
    from skillup.certificates.models import Certificate
    from skillup.registry import crypto
    from skillup.registry.models import Organisation, OrgKind
    from tests.certificates.factories import registered

    other = Organisation.objects.create(kind=OrgKind.ASSESSOR, code="pj-hg", name="上虞区化工技能评价站")
    theirs = registered(cast.other_person, "HG-0001", "四级", family="skill_level", issuer=other)

    page = page_as(assessor, viewport=DESK)
    looks_right(page)
    shots(page, "week-assessor-01-home")
    _menu(page, "登记证书")
    looks_right(page)
    page.fill("#id_id_number", crypto.decrypt(cast.trainee_person.id_cipher))
    page.fill("#id_name", cast.trainee_person.name)
    page.select_option("#id_family", "skill_level")
    page.fill("#id_occupation", "焊工")  # not in this institution's filing
    page.fill("#id_level", "四级")
    page.fill("#id_number", "PJ-2021-0001")
    page.fill("#id_issued_on", "2021-03-01")
    page.click("button:has-text('登记')")
    page.wait_for_selector("text=未备案")
    main = looks_right(page)
    assert not Certificate.objects.filter(number="PJ-2021-0001").exists()
    assert "备案" in main and not re.search(r"第\d+行", main)
    shots(page, "week-assessor-02-outside-the-filing")
    page.fill("#id_occupation", "电工")
    page.click("button:has-text('登记')")
    page.wait_for_selector("text=证书 PJ-2021-0001 已登记入证书库")
    looks_right(page)
    mine = Certificate.objects.get(number="PJ-2021-0001")
    assert mine.issuer == assessor.organisation and mine.person == cast.trainee_person

    _menu(page, "证书库")
    main = looks_right(page)
    assert "PJ-2021-0001" in main and "HG-0001" not in main
    shots(page, "week-assessor-03-register")
    response = page.goto(page.base + reverse("certificate_detail", args=[theirs.pk]))
    assert response.status == 404

    _go(page, "certificate_import")
    looks_right(page)
    with page.expect_download() as download:
        page.click("a:has-text('下载模板')")
    template = tmp_path / "证书登记模板.xlsx"
    download.value.save_as(template)
    first = openpyxl.load_workbook(template).worksheets[0]
    assert [r for r in first.iter_rows(min_row=2, values_only=True) if any(r)] == []
    page.set_input_files("input[type=file]", str(template))
    page.click("main form button[type=submit]")
    main = looks_right(page)
    assert "没有可导入的证书" in main and Certificate.objects.count() == 2
    shots(page, "week-assessor-04-template-uploaded-unchanged")


# --- auditor -------------------------------------------------------------------------------------------


def _buttons(page) -> set[str]:
    return {b.strip() for b in page.locator("main button").all_inner_texts()}


SEARCH_ONLY = {"查询", "筛选"}


def test_auditor_week(cast, page_as, shots):
    """The auditor reads everything and acts on nothing: the audit log in Chinese (names, whole values, both
    times), and no action buttons on claims, plans, classes or the certificate queue."""
    from skillup.planning import services as planning
    from skillup.training.models import TrainingClass
    from tests.training.helpers import make_class

    waiting = advance(cast, claims_for_class(cast, people=2), to="dept_approved")
    checked = claims_for_class(cast, people=1)
    line = {"scheme": "vocational_certificate", "standard_percent": "100", "uplift_percent": "0"}
    plan = planning.plan_submit(
        actor=cast.dept,
        plan=planning.plan_save(
            actor=cast.dept,
            department=cast.department,
            year=2021,
            lines=[{**line, "person_times": "300", "budget": "720000.00"}],
        ),
    )
    klass = make_class(cast.institution_org, cast.department, status=TrainingClass.Status.SUBMITTED)

    page = page_as(cast.auditor, viewport=DESK)
    looks_right(page)
    shots(page, "week-auditor-01-home")
    _menu(page, "审计日志")
    main = looks_right(page, real_time_allowed=True)
    actions = page.locator("table tbody tr td:nth-child(4)").all_inner_texts()
    assert actions and all(
        re.search(r"[\u4e00-\u9fff]", a) and not re.search(r"[a-z]\.[a-z]", a) for a in actions
    )
    options = page.eval_on_selector_all("#f-action option", "os => os.map(o => o.textContent.trim())")
    assert len(options) > 10 and not [o for o in options if re.search(r"[a-z]\.[a-z]|_", o)]
    types = page.eval_on_selector_all("#f-type option", "os => os.map(o => o.textContent.trim())")
    assert not [t for t in types if re.search(r"[a-z]\.[a-z]", t)]
    assert "业务日期 2021-06-15" in main and str(dt.datetime.now().year) in main
    table = page.inner_text("main table")
    assert "状态：草稿 → 已报送待备案" in table  # a change shows its whole before and after
    shots(page, "week-auditor-02-audit-log")

    _menu(page, "补贴申领")
    looks_right(page)
    assert _buttons(page) <= SEARCH_ONLY and page.locator("input[name=ids]").count() == 0
    assert _listed(page) == 3
    shots(page, "week-auditor-03-claims")
    for claim in (waiting[0], checked[0]):
        _go(page, "claim_detail", claim.pk)
        looks_right(page)
        assert _buttons(page) == set(), claim.status
    _go(page, "planning:plan_detail", plan.pk)
    looks_right(page)
    assert _buttons(page) == set()
    shots(page, "week-auditor-04-plan")
    _go(page, "training_class_detail", klass.code)
    looks_right(page)
    assert _buttons(page) == set()
    _menu(page, "待核验证书")
    looks_right(page)
    assert _buttons(page) <= SEARCH_ONLY
    # Nothing the auditor can post changes anything.
    assert Claim.objects.get(pk=waiting[0].pk).status == S.DEPT_APPROVED

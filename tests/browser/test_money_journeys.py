"""From a checked claim to a paid one in the browser: the department, HR and Finance each approve on the
claim page, Finance builds a batch from the list, downloads the disbursement file and uploads the bank's
result file."""

import csv
import io

from skillup.subsidies.models import Claim
from tests.subsidies.factories import budget, claims_for_class


def test_a_claim_goes_from_department_to_paid_in_the_browser(cast, page_as, shot, tmp_path):
    budget(cast.department)
    claims = claims_for_class(cast, people=2)
    first = claims[0]

    for user, expected in [(cast.dept, "待人社局审核"), (cast.hr, "待财政局审核"), (cast.finance, "待支付")]:
        page = page_as(user)
        if user == cast.dept:
            shot(page, "money-dept-home")
        page.click("a:has-text('去办理')")  # the home page's to-do card for this step
        page.click(f"a:has-text('#{first.pk}')")
        assert "核定依据" in page.inner_text("main")
        if user == cast.dept:
            shot(page, "money-dept-claim-detail")
        page.click("button:has-text('通过')")
        page.wait_for_selector(f"text=当前状态：{expected}")
        page.context.close()

    page = page_as(cast.finance)
    page.goto(f"{page.base}/subsidies/claims/?status=finance_approved")
    page.check(f"input[name=ids][value='{first.pk}']")
    page.click("button:has-text('生成支付批次')")
    # A confirmation with the count and total before anything is done (defect 9).
    page.wait_for_selector("[data-testid=confirm-count]")
    assert page.inner_text("[data-testid=confirm-count]") == "1"
    shot(page, "money-finance-batch-confirm")
    page.click("button:has-text('确认用以下申领生成支付批次')")
    page.wait_for_selector("text=已生成支付批次")
    with page.expect_download() as download:
        page.click("a:has-text('下载支付文件')")
    path = tmp_path / "batch.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r["claim"] for r in rows] == [str(first.pk)]

    result = tmp_path / "result.csv"
    result.write_text(f"key,status,reason\n{rows[0]['key']},paid,\n", encoding="utf-8")
    page.set_input_files("#id_file", str(result))
    page.click("button:has-text('导入')")
    page.wait_for_selector("text=成功 1 笔")
    shot(page, "money-finance-batch-paid")
    assert Claim.objects.get(pk=first.pk).status == Claim.Status.PAID

    page.click("a:has-text('专项资金')")
    page.wait_for_selector("text=借贷平衡")
    shot(page, "money-fund-balances")


def test_select_all_takes_every_page_after_a_confirmation(cast, page_as, shot):
    budget(cast.department)
    claims_for_class(cast, people=53)
    page = page_as(cast.dept)
    page.goto(f"{page.base}/subsidies/claims/?status=checked")
    page.check("input[aria-label=全选]")
    assert page.is_checked("#all-filtered")
    page.click("button:has-text('批量通过')")
    page.wait_for_selector("[data-testid=confirm-count]")
    assert page.inner_text("[data-testid=confirm-count]") == "53"
    shot(page, "money-dept-bulk-confirm")
    page.click("button:has-text('确认批量通过')")
    page.wait_for_selector("text=审核通过 53 笔")
    assert Claim.objects.filter(status=Claim.Status.DEPT_APPROVED).count() == 53


def test_hr_reviews_an_hr_sector_claim_on_its_page(cast, page_as, shot):
    from skillup.subsidies.services import claims_create_for_class
    from tests.subsidies.factories import finished_class

    budget(cast.hr_bureau)
    (claim,) = claims_create_for_class(
        actor=cast.institution, klass=finished_class(cast, people=1, department=cast.hr_bureau)
    )
    page = page_as(cast.hr)
    tile = page.locator(".su-card", has_text="待主管部门审核（人社局主管）的补贴申领")
    assert tile.locator(".count").inner_text() == "1"
    tile.locator("a:has-text('去办理')").click()
    page.click(f"a:has-text('#{claim.pk}')")
    shot(page, "money-hr-sector-claim")
    page.click("button:has-text('通过')")
    page.wait_for_selector("text=当前状态：待人社局审核")


def test_an_enterprise_picks_a_scheme_and_fills_its_own_form(cast, page_as, shot):
    page = page_as(cast.enterprise)
    page.goto(f"{page.base}/subsidies/claims/apply/")
    page.click("a:has-text('新型学徒制')")
    page.wait_for_selector("select[name=kind]")
    assert "职工学徒" in page.inner_text("select[name=kind]")
    assert page.locator("select[name=department]").count() == 0
    shot(page, "money-enterprise-apply-new-apprenticeship")

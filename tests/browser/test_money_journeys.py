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

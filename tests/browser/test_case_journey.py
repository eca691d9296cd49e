"""A case in the browser: Finance sees a held claim in its queue; HR opens a case from the finding and
assigns it to the third-party evaluator, who records a phone check and uploads a recording; another HR
officer confirms it and suspends the filing; Finance records a repayment. Each page looks right, on a
desk and at 390 px without scrolling sideways."""

from skillup.integrity.models import Case
from skillup.registry.models import Filing
from tests.browser.checks import looks_right
from tests.integrity.support import finding
from tests.subsidies.factories import advance, claims_for_class, paid_batch


def test_a_case_from_finding_to_recovery(cast, page_as, shots, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    claims = claims_for_class(cast, people=3)
    paid_batch(cast, advance(cast, claims[:1]))
    advance(cast, claims[1:], to="hr_approved")
    f = finding(klass=claims[0].klass)

    page = page_as(cast.finance)
    page.goto(f"{page.base}/subsidies/claims/?status=hr_approved")
    assert page.locator("[data-testid=hold]").count() == 2
    looks_right(page)
    shots(page, "case-finance-queue-held", phone=True)
    page.context.close()

    page = page_as(cast.hr)
    page.goto(f"{page.base}/integrity/cases/new/?findings={f.pk}")
    page.fill("#id_title", "众鑫学校代刷签到核查")
    page.select_option("#id_assignee", str(cast.auditor.pk))
    shots(page, "case-new", phone=True)
    page.click("button:has-text('立案')")
    page.wait_for_selector("text=已立案")
    case = Case.objects.get()
    looks_right(page)
    page.context.close()

    page = page_as(cast.auditor)
    page.goto(f"{page.base}/integrity/cases/{case.code}/")
    page.click("summary:has-text('约谈 / 电话核实')")
    page.select_option("#id_mode", "电话核实")
    page.fill("#id_who", "学员王某")
    page.fill("#id_on", "2021-06-10")
    page.fill("#id_said", "本人未参加该培训班，未见过签到二维码")
    page.click("details[open] button:has-text('保存')")
    page.wait_for_selector("text=已记录")
    recording = tmp_path / "电话录音.mp3"
    recording.write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64)
    page.click("summary:has-text('上传证据')")
    page.set_input_files("#id_file", str(recording))
    page.click("details[open] button:has-text('上传')")
    page.wait_for_selector("text=证据已上传")
    looks_right(page)
    shots(page, "case-detail-investigating", phone=True)
    page.context.close()

    page = page_as(cast.hradmin)
    page.goto(f"{page.base}/integrity/cases/{case.code}/")
    page.select_option("#id_outcome", "confirmed")
    page.fill("#id_reason", "学员均未参训，签到系代刷")
    page.click("button:has-text('办结')")
    page.wait_for_selector("text=案件已办结")
    page.fill("#id_reason", "虚假培训骗取补贴")
    page.click("button:has-text('暂停备案')")
    page.wait_for_selector("text=已暂停该机构的备案")
    main = looks_right(page)
    assert "查实" in main and "3,500.00" in main
    shots(page, "case-detail-confirmed", phone=True)
    assert Filing.objects.filter(institution=cast.institution_org, status=Filing.Status.SUSPENDED).exists()
    page.context.close()

    page = page_as(cast.institution)
    page.goto(f"{page.base}/integrity/cases/{case.code}/")
    main = looks_right(page)
    assert "未参加该培训班" not in main and case.title in main
    page.context.close()

    page = page_as(cast.finance)
    page.goto(f"{page.base}/fund/receivables/")
    page.fill("input[name=amount]", "1000")
    page.click("button:has-text('到账')")
    page.wait_for_selector("text=已登记到账")
    looks_right(page)
    shots(page, "case-receivables", phone=True)

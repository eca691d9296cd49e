"""Integrity journey (issue 11 item 2): HR scans now, follows the home tile to the risk list, reads a
finding with its evidence on the class page and the finding's page, clears it with a reason, and looks at
the overview's charts; every page at 1440 px and 390 px without sideways scrolling."""

from skillup.integrity.models import Finding
from tests.browser.checks import looks_right
from tests.integrity.factories import shared_phone_class


def test_hr_scans_follows_the_tile_reads_and_clears_a_finding(cast, page_as, shots):
    klass = shared_phone_class(cast)
    page = page_as(cast.hr)

    page.goto(f"{page.base}/integrity/scans/")
    looks_right(page)
    page.click("button:has-text('立即扫描')")
    page.wait_for_selector("[data-status=done]")
    main = looks_right(page)
    assert "已完成" in main and "PHONE_GROUP" in main
    shots(page, "integrity-scan-run", phone=True)

    page.goto(f"{page.base}/")
    page.locator(".su-card", has_text="待处理的诚信线索").locator("a").click()
    main = looks_right(page)
    assert klass.code in main and "多人共用手机号" in main
    shots(page, "integrity-risk-list", phone=True)

    finding = Finding.objects.get(subject_ref=klass.code, signal="shared_phones")
    page.click(f"a:has-text('线索 #{finding.pk}')")
    main = looks_right(page)
    assert finding.detail in main and "证据记录" in main
    shots(page, "integrity-finding", phone=True)

    page.goto(f"{page.base}/training/classes/{klass.code}/")
    assert "多人共用手机号" in page.inner_text("[data-testid=integrity-panel]")
    page.click(f"[data-testid=integrity-panel] a:has-text('线索 #{finding.pk}')")
    page.fill("textarea[name=reason]", "逐一电话回访：均为同一企业职工，由班组长统一登记手机号")
    page.click("button:has-text('排除此线索')")
    main = looks_right(page)
    assert "已排除" in main and "由班组长统一登记手机号" in main
    finding.refresh_from_db()
    assert finding.status == "cleared" and finding.cleared_by == cast.hr

    page.goto(f"{page.base}/integrity/")
    page.wait_for_selector("#chart-signals canvas")
    looks_right(page)
    assert page.locator("#chart-top-institutions canvas").count() == 1
    assert page.locator("#chart-institutions canvas").count() == 1
    shots(page, "integrity-overview", phone=True)

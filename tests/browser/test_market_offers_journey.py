"""The training supermarket in a real browser at 390 px (issue 13): the institution publishes its draft,
a citizen (no login) searches for it, opens it and sees the price after subsidy."""

from tests.browser.checks import looks_right, no_sideways_scroll
from tests.browser.conftest import PHONE
from tests.market.factories import OfferFactory


def test_institution_publishes_and_a_citizen_finds_the_offer(cast, page_as, browser, live_server):
    offer = OfferFactory(cast.institution, publish=False)
    inst = page_as(cast.institution, viewport=PHONE)
    inst.goto(f"{inst.base}/market/offers/{offer.pk}/")
    inst.click("button:has-text('上架')")
    assert "已上架" in looks_right(inst)
    no_sideways_scroll(inst)

    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    citizen = context.new_page()
    citizen.goto(f"{live_server.url}/market/")
    citizen.fill("input[name=q]", "焊工")
    citizen.click("button:has-text('搜索')")
    citizen.click(f"text={offer.title}")
    main = looks_right(citizen)
    assert "3500.00" in main and "500.00" in main
    no_sideways_scroll(citizen)
    context.close()

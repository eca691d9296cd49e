"""Issue 14: "我的终身档案" and the shared record on a 390 px phone: no sideways scroll, the summary and the
PDF button on the first screen."""

from skillup.records import services
from tests.records.conftest import history  # noqa: F401  (the fixture)

PHONE = {"width": 390, "height": 844}


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width} px"


def _first_screen(page, selector) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], selector


def test_my_record_fits_a_phone(cast, history, page_as, shot):  # noqa: F811
    phone = page_as(cast.trainee)
    phone.set_viewport_size(PHONE)
    phone.goto(f"{phone.base}/records/me/")
    assert "焊工" in phone.inner_text("main")
    _fits(phone)
    _first_screen(phone, "#record-summary")
    _first_screen(phone, "#record-pdf")
    shot(phone, "records-01-my-record-phone")
    _link, token = services.share_create(actor=cast.trainee)
    phone.goto(f"{phone.base}/records/s/{token}/")
    assert cast.trainee_person.id_masked not in phone.inner_text("main")
    _fits(phone)
    shot(phone, "records-02-shared-phone")

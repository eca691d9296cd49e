"""Issue 12 defect 3: trainee pages on a 390 px phone. The action is within the first screen (844 px),
nothing scrolls sideways, lists are cards; the classroom code has a full-screen projection mode.
Screenshots go to the test run's tmp dir (and test-results/ like the other journeys)."""

import datetime as dt

import pytest

from skillup.training.attendance import qr_token
from skillup.training.models import Attendance, Enrolment, Session, TrainingClass
from tests.certificates.factories import registered
from tests.training.helpers import make_class

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_shot(tmp_path_factory, shot):
    folder = tmp_path_factory.mktemp("phone")

    def _shot(page, name):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        return shot(page, name)

    return _shot


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width} px"


def _in_first_screen(page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["y"] + box["height"] <= PHONE["height"], f"{selector} starts at {box['y']} px"
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.fixture
def running(cast):
    klass = make_class(
        cast.institution_org,
        cast.department,
        status=TrainingClass.Status.RUNNING,
        occupation="焊工",
        start=dt.date(2021, 6, 1),
        end=dt.date(2021, 6, 30),
    )
    Enrolment.objects.create(klass=klass, person=cast.trainee_person, source="form")
    session = Session.objects.create(
        klass=klass,
        date=dt.date(2021, 6, 15),
        starts_at=dt.time(8),
        ends_at=dt.time(12),
        hours=4,
        secret="p" * 64,
    )
    return klass, session


def test_the_check_in_button_is_on_the_first_phone_screen(cast, running, page_as, phone_shot):
    _klass, session = running
    phone = page_as(cast.trainee)
    phone.set_viewport_size(PHONE)
    phone.goto(f"{phone.base}/training/checkin/{session.pk}/{qr_token(session)}/")
    _in_first_screen(phone, "#checkin-button")
    _fits(phone)
    box = phone.locator("#checkin-button").bounding_box()
    assert box["width"] >= PHONE["width"] - 60  # the button takes the width of the screen
    phone_shot(phone, "phone-01-checkin")
    phone.click("#checkin-button")
    assert "签到成功" in phone.inner_text("main")
    phone.reload()  # a second scan: the success, not an error and not the button again
    assert "您已签到" in phone.inner_text("main") and phone.locator("#checkin-button").count() == 0
    _in_first_screen(phone, "#checkin-done")
    phone_shot(phone, "phone-02-already-checked-in")
    assert Attendance.objects.count() == 1


def test_my_classes_are_cards_that_fit_a_phone(cast, running, page_as, phone_shot):
    for i in range(3):
        k = make_class(cast.institution_org, cast.department, code=f"P-{i}", start=dt.date(2020, 3, 1 + i))
        Enrolment.objects.create(klass=k, person=cast.trainee_person, source="form")
    phone = page_as(cast.trainee)
    phone.set_viewport_size(PHONE)
    phone.goto(f"{phone.base}/training/my/")
    _fits(phone)
    _in_first_screen(phone, "#my-classes tbody tr")
    assert phone.locator("#my-classes thead").is_hidden()
    assert (
        phone.evaluate("getComputedStyle(document.querySelector('#my-classes tbody tr')).display") == "block"
    )
    phone_shot(phone, "phone-03-my-classes")
    phone.set_viewport_size({"width": 1440, "height": 900})  # the table is back on a desk
    assert phone.locator("#my-classes thead").is_visible()


def test_my_certificates_fit_a_phone(cast, page_as, phone_shot):
    for i in range(3):
        registered(cast.trainee_person, f"ZS-2021-{i:04d}", "高级", occupation="中式烹调师")
    phone = page_as(cast.trainee)
    phone.set_viewport_size(PHONE)
    phone.goto(f"{phone.base}/certificates/")
    assert "ZS-2021-0000" in phone.inner_text("main")
    _fits(phone)
    _in_first_screen(phone, "#certificates tbody tr")
    phone_shot(phone, "phone-04-my-certificates")


def test_signup_on_a_phone_has_full_width_inputs_and_the_button_in_view(browser, live_server, phone_shot):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/training/signup/")
    _fits(page)
    field = page.locator("#id_id_number").bounding_box()
    assert field["width"] >= PHONE["width"] - 80
    phone_shot(page, "phone-05-signup")
    context.close()


def test_the_classroom_code_fills_the_screen_in_projection_mode(cast, running, page_as, phone_shot):
    _klass, session = running
    screen = page_as(cast.institution)
    screen.set_viewport_size({"width": 1920, "height": 1080})
    screen.goto(f"{screen.base}/training/sessions/{session.pk}/qr/")
    screen.click("#projection-button")
    assert "mode=projection" in screen.url
    assert screen.locator("aside").count() == 0  # no sidebar, no top bar: only the class and the code
    text = screen.inner_text("#projection")
    assert "焊工" in text and "2021-06-15 08:00–12:00" in text
    code = screen.locator("#qr svg").bounding_box()
    assert code["height"] >= 0.7 * 1080 and code["y"] + code["height"] <= 1080
    # The code refreshes itself (htmx every 20 s) and stays large.
    assert screen.get_attribute("#qr", "hx-trigger") == "every 20s"
    phone_shot(screen, "phone-06-qr-projection")

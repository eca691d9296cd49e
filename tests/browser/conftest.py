"""Playwright journeys in Debian's chromium (/usr/bin/chromium, headless, --no-sandbox) against the
live test server. `page_as(user)` gives a page already signed in through the real login form."""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is not installed: apt-get install chromium fonts-noto-cjk (.ci/run does it)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page_as(browser, live_server, transactional_db):
    from tests.factories import CAST_PASSWORD

    contexts = []

    def _page(user, password=CAST_PASSWORD, viewport=None):
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport or {"width": 1400, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.base = live_server.url
        return page

    yield _page
    for context in contexts:
        context.close()


@pytest.fixture
def shot(tmp_path_factory):
    """shot(page, name) saves a screenshot under test-results/ for a person to look at."""
    out = os.path.join(os.getcwd(), "test-results")
    os.makedirs(out, exist_ok=True)

    def _shot(page, name):
        path = os.path.join(out, f"{name}.png")
        page.screenshot(path=path, full_page=True)
        return path

    return _shot


DESK = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def shots(shot):
    """shots(page, name, phone=False) saves `name-1440.png` and, for trainee pages, `name-390.png`, then
    puts the page back at the size it had. The phone shot is taken only after checking nothing scrolls
    sideways."""

    def _shots(page, name, phone=False):
        before = page.viewport_size
        paths = []
        if phone:
            page.set_viewport_size(PHONE)
            page.wait_for_timeout(100)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{name}: the page scrolls sideways on a phone ({width} px)"
            paths.append(shot(page, f"{name}-390"))
        page.set_viewport_size(DESK)
        page.wait_for_timeout(100)
        paths.append(shot(page, f"{name}-1440"))
        if before and before != DESK:
            page.set_viewport_size(before)
            page.wait_for_timeout(100)
        return paths

    return _shots

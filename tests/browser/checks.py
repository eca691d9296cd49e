"""What every page of issue 12's journeys must look like, checked on the page a person sees:
- the title reads "X · 技能提升行动管理平台" (a small item);
- no raw field names (ASCII snake_case such as id_number or valid_until) in the messages or the page
  (defect 5), and no developer notes such as file paths or "尚无…模块" (defect 8);
- the times shown follow the business clock (the tests run at 2021-06-15): no date of the real year
  appears, except in the audit trail, which keeps real time beside the business date (defect 10)."""

import datetime as dt
import re

SUFFIX = " · 技能提升行动管理平台"
SNAKE = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_])")
NOTES = re.compile(r"\.ya?ml\b|\b\w+/\w+\.py\b|尚无\w*模块|TODO|FIXME|data/targets")
# "late：是", "valid_until：…": an ASCII name before a full-width colon is a field name no one translated.
NAMED = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9_]*：")
MESSAGES = ".alert, .invalid-feedback, .errorlist, .su-messages, [role=alert]"


def real_year_dates(text: str) -> list[str]:
    year = dt.datetime.now().year
    return re.findall(rf"(?<!\d){year}(?:-\d\d-\d\d|年\d{{1,2}}月|/\d\d/\d\d)", text)


def looks_right(page, *, real_time_allowed: bool = False) -> str:
    """Assert the page-wide rules and return the text of <main> for the journey's own checks."""
    page.wait_for_load_state("load")  # a click that submits a form may still be loading the answer
    title = page.title()
    assert title.endswith(SUFFIX) and len(title) > len(SUFFIX), f"{page.url}: title {title!r}"
    body = page.inner_text("body")
    main = page.inner_text("main") if page.locator("main").count() else body
    for message in page.locator(MESSAGES).all_inner_texts():
        assert not SNAKE.search(message), f"{page.url}: a raw field name in the message {message!r}"
    raw = SNAKE.findall(main) + NAMED.findall(main)
    assert not raw, f"{page.url}: raw field names on the page: {raw}"
    assert not NOTES.search(body), f"{page.url}: a developer note: {NOTES.search(body).group(0)!r}"
    if not real_time_allowed:
        assert not real_year_dates(body), f"{page.url}: wall-clock dates {real_year_dates(body)}"
    return main


def no_sideways_scroll(page, width: int = 390) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url}: the page scrolls sideways ({scroll} px on a {width} px screen)"

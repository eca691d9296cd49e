"""Every role signs in through the real login page and lands on its own home page; HR reveals a number."""

from skillup.registry import crypto


def test_every_role_signs_in_and_sees_its_home(cast, page_as, shot):
    for user in (
        cast.hr,
        cast.dept,
        cast.finance,
        cast.institution,
        cast.enterprise,
        cast.trainee,
        cast.auditor,
    ):
        page = page_as(user)
        assert "您好" in page.inner_text("main")
        assert user.get_role_display() in page.inner_text("main")
        page.context.close()


def test_hr_finds_a_person_and_reveals_the_full_number(cast, page_as, shot):
    page = page_as(cast.hr)
    page.get_by_role("link", name="人员", exact=True).click()
    number = crypto.decrypt(cast.other_person.id_cipher)
    page.fill("input[name=q]", number)  # a full number: searched by POST, never in the URL (issue 10)
    page.click("button:has-text('查询')")
    page.wait_for_url("**qt=*")
    assert number not in page.url and number not in page.content()
    page.click(f"text={cast.other_person.name}")
    assert number not in page.content()
    page.click("button:has-text('查看完整号码')")
    page.wait_for_function(f"document.querySelector('#id-number').innerText.includes('{number}')")
    shot(page, "hr-person-revealed")


def test_a_wrong_password_shows_a_chinese_message(cast, browser, live_server, transactional_db):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "hr")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.inner_text("main")
    context.close()


def test_an_institution_creates_a_read_token_for_a_week_and_revokes_it(cast, page_as, shot):
    """Issue 10 item 9 on the profile page: lifetime and scope chosen, shown in the list, revoked."""
    from skillup.accounts.models import ApiToken

    page = page_as(cast.institution)
    page.goto(f"{page.base}/accounts/profile/")
    page.fill("#id_name", "只读查询")
    page.fill("#id_days", "7")
    page.select_option("#id_scope", "read")
    page.click("button:has-text('创建令牌')")
    token = page.inner_text("#new-token").strip()
    row = ApiToken.objects.get(digest=ApiToken.digest_of(token))
    assert row.scope == "read"
    table = page.inner_text("table")
    assert "只读查询" in table and "只读" in table
    shot(page, "profile-token-created")
    page.click("button:has-text('吊销')")
    page.wait_for_selector("text=令牌已吊销")
    row.refresh_from_db()
    assert row.revoked_at is not None


def test_an_auditor_reads_the_audit_log_in_chinese_and_filters_by_action(cast, page_as, shot):
    """Issue 12 defect 4: Chinese action names, whole values, filters by action name and object."""
    hr = page_as(cast.hr)
    hr.get_by_role("link", name="人员", exact=True).click()
    hr.click(f"text={cast.other_person.name}")
    hr.click("button:has-text('查看完整号码')")
    hr.wait_for_selector("#id-number")
    page = page_as(cast.auditor)
    page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/accounts/audit/")
    page.select_option("select[name=action]", label="查看完整身份证号")
    page.click("button:has-text('筛选')")
    page.wait_for_url("**action=person.reveal_id*")
    body = page.inner_text("table")
    assert "查看完整身份证号" in body and "person.reveal_id" not in body
    assert "人员" in body
    shot(page, "auditor-audit-log")

"""Issue 14 in a real browser: the holder shares a credential from a 390 px phone, an employer opens the
link without logging in and sees 有效 with the name; HR confirms the case and revokes the credential from
the case page; the employer's next look says 已撤销 (issue 11 × issue 14)."""

from skillup.accounts.roles import Role
from skillup.integrity import services_cases
from tests.browser.checks import looks_right, no_sideways_scroll
from tests.browser.conftest import PHONE
from tests.factories import UserFactory
from tests.records.test_credentials_cases import world  # noqa: F401  (the fixture)


def test_share_then_revoke_from_the_case(cast, world, page_as, browser, shot):  # noqa: F811
    case, credentials, _ = world
    credential = credentials[0]
    holder = UserFactory(username="holder", role=Role.TRAINEE, person=credential.person)

    phone = page_as(holder, viewport=PHONE)
    phone.goto(f"{phone.base}/credentials/{credential.public_id}/")
    assert "有效" in looks_right(phone)
    phone.click("button:has-text('创建分享链接')")
    link = phone.locator("#credential-detail .text-break").last.inner_text().strip()
    assert "/credentials/s/" in link
    no_sideways_scroll(phone)
    shot(phone, "credentials-01-share-390")

    employer = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    employer.goto(phone.base + "/credentials/s/" + link.rsplit("/credentials/s/", 1)[1])
    text = employer.inner_text("main")
    assert "有效" in text and credential.person.name in text
    no_sideways_scroll(employer)
    shot(employer, "credentials-02-employer-390")

    services_cases.case_close(actor=cast.hr, case=case, outcome="confirmed", reason="学员均未参训")
    hr = page_as(cast.hr)
    assert "查实案件的证书凭证待撤销" in looks_right(hr)
    hr.locator(".su-card", has_text="查实案件的证书凭证待撤销").locator("a").first.click()
    hr.click(f"text={case.code}")
    hr.fill("#cc-reason", "代刷签到，证书作废")
    hr.click("button:has-text('撤销勾选的凭证')")
    assert "已撤销 2 份证书凭证" in looks_right(hr)
    shot(hr, "credentials-03-case-revoked")

    employer.goto(f"{phone.base}/credentials/v/{credential.public_id}")
    assert "已撤销" in employer.inner_text("main")
    employer.context.close()

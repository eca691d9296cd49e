"""The roles that serve themselves: an enterprise and a trainee apply for subsidies and read why they got
their amount; an auditor reads everything and can change nothing."""

from skillup.subsidies.models import Claim


def _apply(page, *, scheme, date, **fields):
    """A scheme picker, then that scheme's own form; the department is derived (附件1), never picked."""
    page.get_by_role("link", name="申请补贴", exact=True).click()
    page.click(f"[data-testid=scheme-picker] a[href$='scheme={scheme}']")
    page.wait_for_load_state()
    assert page.locator("select[name=department]").count() == 0
    page.fill("input[name=entitlement_date]", date)
    for name, value in fields.items():
        selector = f"[name={name}]"
        if page.locator(f"select{selector}").count():
            page.select_option(f"select{selector}", label=value)
        else:
            page.fill(f"input{selector}", value)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_an_enterprise_applies_for_a_competition_subsidy_and_sees_the_cap(cast, page_as, shot):
    cast.enterprise_org.bank_account = "6217000011112222333"
    cast.enterprise_org.save(update_fields=["bank_account"])
    page = page_as(cast.enterprise)
    _apply(page, scheme="enterprise_competition", date="2021-05-10", cost="38000")
    body = page.inner_text("main")
    assert "30,000.00" in body  # clause 12: at most 30,000 per enterprise, against 38,000 spent
    assert "第12条" in body or "30000" in body.replace(",", "")
    shot(page, "enterprise-claim")
    claim = Claim.objects.get(enterprise=cast.enterprise_org)
    assert claim.amount == 30000 and claim.status == Claim.Status.CHECKED
    page.locator("aside").get_by_role("link", name="补贴申领", exact=True).click()
    assert f"#{claim.pk}" in page.inner_text("main") or "30,000.00" in page.inner_text("main")


def test_a_trainee_applies_for_a_skill_level_subsidy_and_reads_the_basis(cast, page_as, shot):
    cast.trainee_person.citizen_card = "330600001234567"
    cast.trainee_person.save(update_fields=["citizen_card"])
    page = page_as(cast.trainee)
    _apply(
        page,
        scheme="skill_level_certificate",
        date="2021-04-20",
        level="三级",
        occupation="电工",
        certificate_no="S2021330604000123",
    )
    body = page.inner_text("main")
    assert "2,000.00" in body
    assert "附件2" in body
    shot(page, "trainee-claim")
    assert Claim.objects.get(person=cast.trainee_person).amount == 2000


def test_an_auditor_reads_claims_and_the_audit_log_but_has_nothing_to_act_on(cast, page_as, shot):
    page = page_as(cast.auditor)
    page.locator("aside").get_by_role("link", name="补贴申领", exact=True).click()
    assert page.locator("button:has-text('通过')").count() == 0
    page.get_by_role("link", name="审计日志", exact=True).click()
    assert "审计日志" in page.inner_text("main")
    shot(page, "auditor-audit-log")

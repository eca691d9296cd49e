"""A skill-master studio in a real browser (issue 15 item 2): the enterprise applies, HR names it, the
enterprise reports its year from a 390 px phone, HR rates it 优秀, and anyone sees it on the public list."""

from skillup.programmes.models import Studio, StudioReview
from tests.browser.checks import looks_right, no_sideways_scroll
from tests.browser.conftest import PHONE
from tests.factories import PersonFactory, id_number_for


def test_apply_name_report_rate_and_publish(cast, page_as, shot, browser, live_server):
    number = id_number_for(4301)
    PersonFactory(number=number, name="陈大师", employer=cast.enterprise_org)

    ent = page_as(cast.enterprise)
    ent.click("aside >> text=技能大师工作室")
    looks_right(ent)
    ent.click("text=申报工作室")
    ent.fill("#id_name", "陈大师数控技能工作室")
    ent.fill("#id_id_number", number)
    ent.fill("#id_master_title", "高级技师")
    ent.fill("#id_occupation", "数控车工")
    ent.fill("#id_plan", "每年带徒 10 人")
    shot(ent, "studio-01-apply")
    ent.click("button:has-text('提交申报')")
    main = looks_right(ent)
    assert "已提交申报" in main and "待评审" in main

    hr = page_as(cast.hr)
    assert "技能大师工作室待评审" in looks_right(hr)
    hr.locator(".su-card", has_text="技能大师工作室待评审").locator("a").first.click()
    hr.click("text=陈大师数控技能工作室")
    hr.fill("#id_document", "虞人社〔2021〕12号")
    hr.click("button:has-text('命名')")
    assert "已命名" in looks_right(hr)
    assert Studio.objects.get().status == "named"

    phone = page_as(cast.enterprise, viewport=PHONE)
    phone.goto(f"{phone.base}/programmes/studios/{Studio.objects.get().pk}/")
    looks_right(phone)
    no_sideways_scroll(phone)
    phone.fill("#id_year", "2021")
    phone.fill("#id_trainees_taught", "12")
    phone.fill("#id_certified", "20")
    phone.fill("#id_results", "攻关 2 项")
    phone.click("button:has-text('提交')")
    assert "不能多于带徒传技人数" in looks_right(phone)  # nothing saved; the field is named
    assert not StudioReview.objects.exists()
    phone.fill("#id_year", "2021")
    phone.fill("#id_trainees_taught", "12")
    phone.fill("#id_certified", "8")
    phone.fill("#id_results", "攻关 2 项")
    phone.click("button:has-text('提交')")
    assert "年度考核材料已提交" in looks_right(phone)
    shot(phone, "studio-02-report-390")

    hr.reload()
    hr.select_option("select[name=rating]", "excellent")
    hr.click("button:has-text('评定')")
    assert "考核等次已评定" in looks_right(hr)

    public = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/programmes/public/studios/")
    main = looks_right(public)
    no_sideways_scroll(public)
    assert "陈大师数控技能工作室" in main and "2021 年度考核优秀" in main and number not in main
    shot(public, "studio-03-public-390")
    public.context.close()

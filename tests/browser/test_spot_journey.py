"""A month's spot check in a real browser: HR draws and assigns, the evaluator checks a class from a 390 px
phone and finds a problem, HR sees the institution's credit drop on the filing page before renewing."""

from skillup.integrity.models import Finding, SpotDraw
from skillup.registry.models import Filing
from tests.browser.checks import looks_right, no_sideways_scroll
from tests.browser.conftest import PHONE
from tests.integrity.spot_helpers import june_class
from tests.training.helpers import file_for


def test_draw_assign_check_and_credit(cast, page_as, shot):
    file_for(cast.institution_org)
    klass = june_class(cast.institution_org, cast.department, people=3)

    hr = page_as(cast.hr)
    hr.click("aside >> text=抽查评估")
    looks_right(hr)
    hr.click("text=抽取本月抽查班级")
    hr.fill("#id_month", "2021-06")
    hr.select_option("#id_auditor", str(cast.auditor.pk))
    shot(hr, "spot-01-new-draw")
    hr.click("button:has-text('抽取')")
    main = looks_right(hr)
    assert "重放核对" in main and "一致" in main and klass.code in main
    draw = SpotDraw.objects.get()
    assert str(draw.seed) in main
    shot(hr, "spot-02-draw")

    ev = page_as(cast.auditor, viewport=PHONE)
    ev.goto(f"{ev.base}/integrity/spot/mine/")
    looks_right(ev)
    no_sideways_scroll(ev)
    ev.click(f"text={klass.code}")
    main = looks_right(ev)
    no_sideways_scroll(ev)
    person = klass.enrolments.first().person
    assert person.phone in main and "证书库无此证书" in main
    ev.fill("#id_visited_on", "2021-06-14")
    ev.fill("#id_called", "3")
    ev.fill("#id_reached", "0")
    ev.check("input[name=result][value=problem]")
    ev.fill("#id_notes", "电话回访 3 人均称未参加培训")
    shot(ev, "spot-03-form-390")
    ev.click("button:has-text('提交抽查记录')")
    main = looks_right(ev)
    no_sideways_scroll(ev)
    f = Finding.objects.get()
    assert f"诚信线索 #{f.pk}" in main and str(f.score) == "0.99"
    assert person.phone not in main

    renewal = Filing.objects.create(institution=cast.institution_org, status=Filing.Status.SUBMITTED)
    hr.goto(f"{hr.base}/registry/filings/{renewal.pk}/")
    main = looks_right(hr)
    assert "B 级" in main and "抽查发现问题 1 次" in main
    shot(hr, "spot-04-filing-credit")
    hr.click("text=查看诚信记录")
    main = looks_right(hr)
    assert "等级规则" in main

    inst = page_as(cast.institution, viewport=PHONE)
    assert "本机构诚信等级：B 级" in inst.inner_text("main")  # the home tile
    inst.goto(f"{inst.base}/integrity/credit/mine/")
    main = looks_right(inst)
    no_sideways_scroll(inst)
    assert "B 级" in main
    shot(inst, "spot-05-own-credit-390")

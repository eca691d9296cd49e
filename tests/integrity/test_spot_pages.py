"""The spot-check pages: HR's draws, the evaluator's 我的抽查 and form, the export — and who sees what.
The evaluator sees only the classes assigned to them; another evaluator's item is 404, and so is every
draw page; institutions, departments and everyone else see nothing."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillup.integrity import services_spot
from skillup.integrity.models import Finding, SpotCheck, SpotDraw
from skillup.registry import crypto
from tests.factories import UserFactory
from tests.integrity.spot_helpers import JUNE, district, june_class


@pytest.fixture
def drawn(cast):
    """A June draw of 4 classes: two assigned to the cast's auditor, two to a second evaluator."""
    district(cast, per_institution=2, extra_institutions=1)
    june_class(cast.institution_org, cast.department, people=3)
    draw = services_spot.draw_create(actor=cast.hr, month=JUNE, size=4)
    second = UserFactory(username="auditor2", role="auditor")
    items = list(draw.items.order_by("rank"))
    services_spot.spot_assign(actor=cast.hr, items=items[:2], auditor=cast.auditor)
    services_spot.spot_assign(actor=cast.hr, items=items[2:], auditor=second)
    return draw, items, second


def test_hr_draws_from_the_page(cast, login):
    district(cast, per_institution=1, extra_institutions=0)
    client = login(cast.hr)
    page = client.get(reverse("spot:draw_new")).content.decode()
    assert "2021年6月" in page and "可抽取" in page
    response = client.post(reverse("spot:draw_new"), {"month": "2021-06", "size": "", "auditor": ""})
    draw = SpotDraw.objects.get()
    assert response.status_code == 302 and response.url == reverse("spot:draw", args=[draw.pk])
    page = client.get(response.url).content.decode()
    assert "重放核对" in page and "一致" in page and str(draw.seed) in page
    assert client.get(reverse("spot:draws")).status_code == 200


@pytest.mark.parametrize(
    "data,message",
    [
        ({"month": "2021-13"}, "年-月"),
        ({"month": "2021-07"}, "尚未到来"),
        ({"month": "2021-06", "size": "9"}, "2 到 4"),
        ({"month": "2020-02"}, "没有培训中或已结业的班级"),
    ],
)
def test_a_wrong_draw_form_says_what_to_fix(cast, login, data, message):
    district(cast, per_institution=1, extra_institutions=0)
    response = login(cast.hr).post(reverse("spot:draw_new"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not SpotDraw.objects.exists()


def test_a_second_draw_of_the_month_is_refused_on_the_page(cast, login, drawn):
    response = login(cast.hr).post(reverse("spot:draw_new"), {"month": "2021-06"}, follow=True)
    assert "每月只抽取一次" in response.content.decode()
    assert SpotDraw.objects.count() == 1


def test_the_draw_detail_shows_strata_and_items_in_a_fixed_number_of_queries(
    cast, login, drawn, django_assert_max_num_queries
):
    draw, items, _second = drawn
    client = login(cast.hr)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("spot:draw", args=[draw.pk])).content.decode()
    for item in items:
        assert item.klass.code in page
    assert (
        "分层情况" in page and cast.department.short_name in page and cast.other_department.short_name in page
    )


def test_hr_reassigns_from_the_draw_page(cast, login, drawn):
    draw, items, second = drawn
    client = login(cast.hr)
    response = client.post(
        reverse("spot:draw_assign", args=[draw.pk]),
        {"items": [items[0].pk], "auditor": second.pk},
        follow=True,
    )
    assert "已将 1 个班级分配给" in response.content.decode()
    assert SpotCheck.objects.get(pk=items[0].pk).auditor == second
    response = client.post(reverse("spot:draw_assign", args=[draw.pk]), {"items": [items[0].pk]}, follow=True)
    assert "请选择评估人员" in response.content.decode()


def test_the_evaluator_sees_only_the_classes_assigned_to_them(
    cast, login, drawn, django_assert_max_num_queries
):
    draw, items, second = drawn
    client = login(cast.auditor)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("spot:mine")).content.decode()
    assert items[0].klass.code in page and items[1].klass.code in page
    assert items[2].klass.code not in page and items[3].klass.code not in page
    assert client.get(reverse("spot:check", args=[items[0].pk])).status_code == 200
    for item in items[2:]:
        assert client.get(reverse("spot:check", args=[item.pk])).status_code == 404
        assert client.post(reverse("spot:check", args=[item.pk]), {"result": "ok"}).status_code == 404
    # no draw page, list, export or assignment for the evaluator
    assert client.get(reverse("spot:draw", args=[draw.pk])).status_code == 404
    assert client.get(reverse("spot:draw_export", args=[draw.pk])).status_code == 404
    assert client.get(reverse("spot:draws")).status_code == 403
    assert (
        client.post(reverse("spot:draw_assign", args=[draw.pk]), {"auditor": cast.auditor.pk}).status_code
        == 403
    )
    other = login(second)
    assert other.get(reverse("spot:check", args=[items[0].pk])).status_code == 404


@pytest.mark.parametrize(
    "who", ["institution", "other_institution", "dept", "finance", "trainee", "outsider"]
)
def test_nobody_else_sees_a_draw_or_a_check(cast, login, drawn, who):
    draw, items, _second = drawn
    client = login(getattr(cast, who))
    assert client.get(reverse("spot:draw", args=[draw.pk])).status_code == 404
    assert client.get(reverse("spot:draw_export", args=[draw.pk])).status_code == 404
    for item in items:
        assert client.get(reverse("spot:check", args=[item.pk])).status_code == 404
    assert client.get(reverse("spot:draws")).status_code == 403
    assert client.get(reverse("spot:mine")).status_code == 403


def test_hr_sees_every_check_with_phones_masked(cast, login, drawn):
    _draw, items, _second = drawn
    client = login(cast.hr)
    for i in items:
        assert client.get(reverse("spot:check", args=[i.pk])).status_code == 200


def test_hr_reads_a_check_sheet_with_masked_phones(cast, login):
    klass, item = _class_with_roster_assigned(cast)
    page = login(cast.hr).get(reverse("spot:check", args=[item.pk])).content.decode()
    for e in klass.enrolments.select_related("person"):
        assert e.person.phone not in page and e.person.phone[-4:] in page and e.person.id_masked in page
    assert "抽查记录由第三方评估人员填写" in page


def _class_with_roster_assigned(cast):
    klass = june_class(cast.institution_org, cast.department, people=4)
    draw = services_spot.draw_create(actor=cast.hr, month=JUNE, size=1, auditor=cast.auditor)
    return klass, draw.items.get()


def test_the_check_sheet_gives_the_evaluator_what_to_call_and_check_and_no_full_id(cast, login):
    from skillup.certificates.models import Certificate

    klass, item = _class_with_roster_assigned(cast)
    enrolments = list(klass.enrolments.select_related("person", "result"))
    registered = enrolments[0]
    Certificate.objects.create(
        person=registered.person,
        family="qualification",
        occupation="焊工",
        level="初级",
        number=registered.result.certificate_no,
        issuer_name="绍兴市职业技能鉴定中心",
        issued_on=dt.date(2021, 6, 30),
        source=Certificate.Source.CLASS_RESULT,
        result=registered.result,
    )
    page = login(cast.auditor).get(reverse("spot:check", args=[item.pk])).content.decode()
    for e in enrolments:
        assert e.person.phone in page and e.person.id_masked in page
        assert crypto.decrypt(e.person.id_cipher) not in page
        assert e.result.certificate_no in page
    assert page.count("证书库已登记，持证人一致") == 1 and page.count("证书库无此证书") == 3
    assert "证书库登记一致 1 人" in page


def test_the_evaluator_submits_the_form_and_a_problem_becomes_a_finding(cast, login):
    klass, item = _class_with_roster_assigned(cast)
    client = login(cast.auditor)
    data = {
        "visited_on": "2021-06-14",
        "interviewed": "4",
        "attended": "1",
        "called": "",
        "reached": "",
        "certs_checked": "4",
        "certs_genuine": "1",
        "result": "problem",
        "notes": "受访学员 3 人称未参加培训，证书库查无 3 本证书",
    }
    response = client.post(reverse("spot:check", args=[item.pk]), data, follow=True)
    page = response.content.decode()
    f = Finding.objects.get()
    assert f"诚信线索 #{f.pk}" in page and "暂停拨付" in page
    assert str(f.score) == "0.87"  # 0.50 + 0.49 × 3/4
    item.refresh_from_db()
    assert item.status == "done" and item.finding == f
    # the phones are no longer shown in full once the check is submitted
    person = klass.enrolments.first().person
    assert person.phone not in page
    # a second post is refused with the reason, nothing changes
    again = client.post(reverse("spot:check", args=[item.pk]), data, follow=True)
    assert "已提交" in again.content.decode() and Finding.objects.count() == 1


def test_a_wrong_form_says_what_to_fix_on_the_field(cast, login):
    _klass, item = _class_with_roster_assigned(cast)
    response = login(cast.auditor).post(
        reverse("spot:check", args=[item.pk]),
        {"visited_on": "2021-06-14", "interviewed": "9", "attended": "1", "result": "ok"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "不能多于名册人数（4 人）" in page
    assert not Finding.objects.exists()


def test_the_draw_exports_to_xlsx(cast, login, drawn):
    draw, items, _second = drawn
    response = login(cast.hr).get(reverse("spot:draw_export", args=[draw.pk]))
    assert response.status_code == 200
    wb = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    ws = wb.active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [v for row in values for v in row]
    for item in items:
        assert item.klass.code in flat
    assert "班级编号" in flat and "评估人员" in flat


def test_home_tiles(cast, login, drawn):
    assert "待完成的抽查" in login(cast.auditor).get("/").content.decode()
    assert "未分配评估人员" not in login(cast.hr).get("/").content.decode()


def test_the_draw_list_runs_a_fixed_number_of_queries(cast, login, drawn, django_assert_max_num_queries):
    draw, _items, _second = drawn
    client = login(cast.hr)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("spot:draws")).content.decode()
    assert draw.label in page

"""Pages per role: scoping (another organisation's class is 404 in pages and API), list query counts,
the roster upload page, QR page, filing pages (self-registration: test_signup.py)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillup.registry.models import Filing
from skillup.training.models import Enrolment, Session, TrainingClass
from tests.factories import id_number_for
from tests.training.helpers import file_for, make_class, xlsx

S = TrainingClass.Status


@pytest.fixture
def klass(cast):
    """The cast institution's class, competent department jxj (the cast's `dept`), trainee enrolled."""
    k = make_class(cast.institution_org, cast.department, status=S.RUNNING)
    Enrolment.objects.create(klass=k, person=cast.trainee_person, source="form")
    return k


VISIBLE = {"hr", "hradmin", "finance", "auditor", "dept", "institution", "trainee"}
HIDDEN = {"other_dept", "other_institution", "enterprise", "other_enterprise", "other_trainee", "outsider"}


@pytest.mark.parametrize("who", sorted(VISIBLE | HIDDEN))
def test_class_page_and_api_are_scoped_per_role(cast, klass, login, api_client, who):
    user = getattr(cast, who)
    page = login(user).get(reverse("training_class_detail", args=[klass.code]))
    api = api_client(user).get(f"/api/v1/classes/{klass.code}")
    if who in VISIBLE:
        assert page.status_code == 200 and api.status_code == 200
    else:
        assert page.status_code in (404,) and api.status_code == 404


@pytest.mark.parametrize("who", ["other_institution", "other_dept", "enterprise", "outsider"])
def test_writes_on_a_hidden_class_are_404(cast, klass, api_client, who):
    client = api_client(getattr(cast, who))
    for action in ("approve", "start", "finish"):
        assert client.post(f"/api/v1/classes/{klass.code}/{action}").status_code == 404
    assert client.post(f"/api/v1/classes/{klass.code}/roster", {"trainees": []}).status_code == 404


def test_the_api_list_is_scoped(cast, klass, api_client):
    make_class(cast.other_institution_org, cast.other_department)
    assert [c["code"] for c in api_client(cast.institution).get("/api/v1/classes").json()] == [klass.code]
    assert len(api_client(cast.hr).get("/api/v1/classes").json()) == 2
    assert api_client(cast.other_institution).get("/api/v1/classes").json()[0]["code"] != klass.code


def _many_classes(cast, n=15):
    for i in range(n):
        k = make_class(
            cast.institution_org, cast.department, start=dt.date(2021, 1, 1) + dt.timedelta(days=i)
        )
        Enrolment.objects.create(klass=k, person=cast.other_person, source="form")


@pytest.mark.parametrize("who", ["institution", "dept", "hr"])
def test_the_class_list_runs_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries, who):
    _many_classes(cast)
    client = login(getattr(cast, who))
    with django_assert_max_num_queries(12):
        r = client.get(reverse("training_class_list"))
    assert r.status_code == 200 and r.content.decode().count("T-") >= 15
    with django_assert_max_num_queries(12):
        assert client.get(reverse("training_class_list") + "?format=xlsx").status_code == 200


def test_the_approval_queue_bulk_approves(cast, login, django_assert_max_num_queries):
    for _ in range(12):
        make_class(cast.institution_org, cast.department, status=S.SUBMITTED)
    client = login(cast.dept)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("training_approvals"))
    assert page.content.decode().count('name="codes"') == 12
    codes = list(TrainingClass.objects.values_list("code", flat=True)[:5])
    client.post(reverse("training_approvals"), {"codes": codes})
    assert TrainingClass.objects.filter(status=S.APPROVED).count() == 5


def test_class_detail_runs_a_fixed_number_of_queries(cast, klass, login, django_assert_max_num_queries):
    client = login(cast.institution)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("training_class_detail", args=[klass.code])).status_code == 200


def test_filing_and_institution_lists(cast, login, django_assert_max_num_queries):
    for _ in range(5):
        file_for(cast.institution_org)
    file_for(cast.other_institution_org)
    client = login(cast.hr)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("filing_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("institution_list")).status_code == 200
    other = Filing.objects.filter(institution=cast.other_institution_org).get()
    assert login(cast.institution).get(reverse("filing_detail", args=[other.pk])).status_code == 404


def test_the_institution_applies_and_hr_approves_a_filing(cast, login):
    client = login(cast.institution)
    r = client.post(
        reverse("filing_create"),
        {
            "scheme_0": "vocational_certificate",
            "occupation_0": "焊工",
            "levels_0": "初级,中级",
            "contact_phone": "13812345678",
        },
    )
    filing = Filing.objects.get()
    assert r.status_code == 302 and filing.items.get().level_list == ["初级", "中级"]
    hr = login(cast.hr)
    hr.post(reverse("filing_decide", args=[filing.pk]), {"action": "approve", "valid_until": "2021-12-31"})
    assert Filing.objects.get().status == Filing.Status.APPROVED


def test_the_roster_page_imports_an_xlsx_all_or_nothing(cast, login):
    klass = make_class(cast.institution_org, cast.department)
    client = login(cast.institution)
    url = reverse("training_roster_upload", args=[klass.code])
    bad = xlsx([[id_number_for(801), "甲", "", "企业职工"], ["123", "乙", "", "企业职工"]])
    r = client.post(url, {"file": SimpleUploadedFile("r.xlsx", bad)}, follow=True)
    assert "第3行" in r.content.decode() and Enrolment.objects.count() == 0
    r = client.post(url, {"file": SimpleUploadedFile("r.xlsx", b"not a spreadsheet")}, follow=True)
    assert "不是 Excel" in r.content.decode()
    good = xlsx([[id_number_for(801), "甲", "", "企业职工"], [id_number_for(802), "乙", "", "失业人员"]])
    r = client.post(url, {"file": SimpleUploadedFile("r.xlsx", good)})
    assert r.status_code == 302 and Enrolment.objects.filter(klass=klass).count() == 2
    assert client.get(reverse("training_roster_template")).status_code == 200


def test_the_qr_page_shows_a_check_in_url_the_trainee_can_use(cast, klass, login):
    session = Session.objects.create(
        klass=klass,
        date=dt.date(2021, 6, 15),
        starts_at=dt.time(8),
        ends_at=dt.time(12),
        hours=4,
        secret="s" * 64,
    )
    page = login(cast.institution).get(reverse("training_session_qr", args=[session.pk])).content.decode()
    assert "<svg" in page
    url = page.split('data-checkin-url="')[1].split('"')[0]
    assert (
        login(cast.other_institution).get(reverse("training_session_qr", args=[session.pk])).status_code
        == 404
    )
    trainee = login(cast.trainee)
    path = url.split("testserver")[1]
    r = trainee.post(path)
    assert "签到成功" in r.content.decode()
    assert "已签到" in trainee.post(path).content.decode()


def test_my_classes_and_my_results(cast, klass, login, django_assert_max_num_queries):
    client = login(cast.trainee)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("training_my_classes")).content.decode()
    assert klass.occupation in page


def test_the_occupation_page_searches_the_catalogue(cast, login):
    assert "焊工" in login(cast.institution).get(reverse("training_occupations") + "?q=焊").content.decode()


def test_acting_on_a_class_in_the_wrong_status_is_409_in_pages(cast, login):
    klass = make_class(cast.institution_org, cast.department, status=S.FINISHED)
    client = login(cast.institution)
    r = client.post(reverse("training_class_start", args=[klass.code]))
    assert r.status_code == 409 and "当前状态不允许" in r.content.decode()
    r = client.post(
        reverse("training_roster_add", args=[klass.code]),
        {"id_number": id_number_for(801), "name": "甲", "groups": "企业职工"},
    )
    assert r.status_code == 409
    r = login(cast.dept).post(reverse("training_class_approve", args=[klass.code]))
    assert r.status_code == 409


def test_other_roles_may_not_act_on_a_visible_class(cast, klass, login):
    assert login(cast.hr).post(reverse("training_class_start", args=[klass.code])).status_code == 403
    assert (
        login(cast.institution).post(reverse("training_class_approve", args=[klass.code])).status_code == 403
    )


def test_home_shows_the_training_todos(cast, login):
    make_class(cast.institution_org, cast.department, status=S.SUBMITTED)
    make_class(cast.institution_org, cast.department, status=S.RUNNING)
    assert "待审批的开班申请" in login(cast.dept).get(reverse("home")).content.decode()
    assert "培训中的班级" in login(cast.institution).get(reverse("home")).content.decode()


def test_hr_registers_a_new_institution_with_its_filing(cast, login):
    from skillup.registry.models import Organisation
    from tests.factories import uscc_for

    client = login(cast.hr)
    data = {
        "name": "上虞区新办职业技能培训学校",
        "uscc": "123",
        "scheme_0": "syb_training",
        "address": "百官街道",
    }
    r = client.post(reverse("filing_create"), data, follow=True)
    assert "统一社会信用代码" in r.content.decode() and not Filing.objects.exists()
    r = client.post(reverse("filing_create"), {**data, "uscc": uscc_for(4242, "52")})
    assert r.status_code == 302
    filing = Filing.objects.get()
    assert filing.institution == Organisation.objects.get(name="上虞区新办职业技能培训学校")
    assert filing.institution.institution is not None


def test_manual_attendance_from_the_page_is_shown_as_low_trust(cast, klass, login):
    client = login(cast.institution)
    enrolment = klass.enrolments.get()
    r = client.post(
        reverse("training_attendance_manual", args=[klass.code]),
        {"enrolment": enrolment.pk, "date": "2021-06-14", "hours": "4"},
        follow=True,
    )
    body = r.content.decode()
    assert "人工补录，标记为低可信" in body and 'class="table-warning"' in body
    r = client.post(reverse("training_attendance_manual", args=[klass.code]), {"enrolment": "abc"})
    assert r.status_code == 404


def test_the_institution_adds_one_trainee_and_the_department_rejects_with_a_reason(cast, login):
    klass = make_class(cast.institution_org, cast.department, status=S.SUBMITTED)
    client = login(cast.institution)
    r = client.post(
        reverse("training_roster_add", args=[klass.code]),
        {"id_number": id_number_for(801), "name": "甲", "phone": "13800000001", "groups": "企业职工"},
        follow=True,
    )
    assert "已加入名册" in r.content.decode() and klass.enrolments.count() == 1
    dept = login(cast.dept)
    r = dept.post(reverse("training_class_reject", args=[klass.code]), {"reason": ""}, follow=True)
    assert "请填写驳回原因" in r.content.decode()
    dept.post(reverse("training_class_reject", args=[klass.code]), {"reason": "实训设备清单缺失"})
    klass.refresh_from_db()
    assert klass.status == S.REJECTED and klass.reject_reason == "实训设备清单缺失"
    page = login(cast.institution).get(reverse("training_class_detail", args=[klass.code])).content.decode()
    assert "实训设备清单缺失" in page


def test_the_signup_and_class_form_pages_render(cast, client, login):
    assert client.get(reverse("training_signup")).status_code == 200
    assert login(cast.institution).get(reverse("training_class_create")).status_code == 200
    assert login(cast.dept).get(reverse("training_class_create")).status_code == 403


def test_the_qr_code_opens_only_on_the_session_day(cast, klass, login):
    """The page follows can_show_qr, the verdict that offers its link: another day is a 403 with the reason."""
    session = Session.objects.create(
        klass=klass,
        date=dt.date(2021, 6, 16),
        starts_at=dt.time(8),
        ends_at=dt.time(12),
        hours=4,
        secret="s" * 64,
    )
    r = login(cast.institution).get(reverse("training_session_qr", args=[session.pk]) + "?mode=projection")
    assert r.status_code == 403 and "当天才能打开签到二维码" in r.content.decode()


def test_a_refused_roster_row_keeps_what_was_typed_except_the_id_number(cast, klass, login):
    client = login(cast.institution)
    r = client.post(
        reverse("training_roster_add", args=[klass.code]),
        {"id_number": "330604199001011230", "name": "周小燕", "phone": "13900001111", "groups": "企业职工"},
        follow=True,
    )
    page = r.content.decode()
    assert "身份证号" in page and 'value="周小燕"' in page and 'value="13900001111"' in page
    assert "330604199001011230" not in page
    assert (
        'value="周小燕"'
        not in client.get(reverse("training_class_detail", args=[klass.code])).content.decode()
    )

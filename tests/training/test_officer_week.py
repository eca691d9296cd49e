"""Issue 12 on the training pages: one rule per action (the pages offer what the service allows), the
roster template imports nothing, Chinese field names without row numbers on single forms, 您已签到 as a
success, the class form's schemes, the approvals export, list query counts that do not grow."""

import datetime as dt
import io
import pathlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from skillup.registry.models import Person
from skillup.training.attendance import qr_token
from skillup.training.models import Attendance, Enrolment, Session, TrainingClass
from skillup.training.permissions import can_decide_class
from tests.factories import id_number_for
from tests.training.helpers import file_for, make_class

S = TrainingClass.Status
SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "skillup"


@pytest.mark.parametrize(
    ("status", "offered"),
    [(S.SUBMITTED, True), (S.APPROVED, False), (S.REJECTED, False)],
)
def test_the_department_is_offered_the_decision_exactly_when_the_service_allows_it(
    cast, login, status, offered
):
    klass = make_class(cast.institution_org, cast.department, status=status)
    page = login(cast.dept).get(reverse("training_class_detail", args=[klass.code])).content.decode()
    assert ("批准开班" in page) is offered
    # HR sees the class (district-wide) but is not its competent department: no decision offered, and the
    # service refuses it with the same reason.
    page = login(cast.hr).get(reverse("training_class_detail", args=[klass.code])).content.decode()
    assert "批准开班" not in page
    assert login(cast.hr).post(reverse("training_class_approve", args=[klass.code])).status_code == 403
    assert can_decide_class(cast.hr, klass).reason == "只有该班的主管部门可以审批"
    assert bool(can_decide_class(cast.dept, klass)) is offered


def test_the_institution_is_offered_start_roster_and_sessions_by_the_class_status(cast, login):
    client = login(cast.institution)
    approved = make_class(cast.institution_org, cast.department, status=S.APPROVED)
    page = client.get(reverse("training_class_detail", args=[approved.code])).content.decode()
    assert ">开班<" in page and "维护名册" in page and "安排课次" in page and "人工补录考勤" not in page
    finished = make_class(cast.institution_org, cast.department, status=S.FINISHED)
    page = client.get(reverse("training_class_detail", args=[finished.code])).content.decode()
    assert ">开班<" not in page and "维护名册" not in page and "安排课次" not in page
    # The department sees the same page without any of the institution's actions.
    page = login(cast.dept).get(reverse("training_class_detail", args=[approved.code])).content.decode()
    assert ">开班<" not in page and "维护名册" not in page


def test_the_downloaded_roster_template_uploaded_unchanged_imports_nothing(cast, login):
    klass = make_class(cast.institution_org, cast.department)
    client = login(cast.institution)
    template = client.get(reverse("training_roster_template"))
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    first = book.worksheets[0]
    assert [c.value for c in first[1]] == ["身份证号", "姓名", "手机号", "人员类别"]
    assert [row for row in first.iter_rows(min_row=2, values_only=True) if any(row)] == []
    assert "填写说明" in book.sheetnames and book["填写说明"].sheet_state == "visible"
    people = Person.objects.count()
    r = client.post(
        reverse("training_roster_upload", args=[klass.code]),
        {"file": SimpleUploadedFile("学员名册模板.xlsx", template.content)},
        follow=True,
    )
    body = r.content.decode()
    assert "没有可导入的学员" in body
    assert Enrolment.objects.count() == 0 and Person.objects.count() == people


def test_the_certificate_template_uploaded_unchanged_imports_nothing(cast, login):
    from skillup.certificates.models import Certificate

    client = login(cast.hr)
    template = client.get(reverse("certificate_import") + "?template=1")
    first = load_workbook(io.BytesIO(template.content)).worksheets[0]
    assert [row for row in first.iter_rows(min_row=2, values_only=True) if any(row)] == []
    r = client.post(
        reverse("certificate_import"), {"file": SimpleUploadedFile("证书登记模板.xlsx", template.content)}
    )
    assert "没有可导入的证书" in r.content.decode() and Certificate.objects.count() == 0


def test_one_trainee_typed_on_the_class_page_gets_chinese_field_names_and_no_row(cast, login):
    klass = make_class(cast.institution_org, cast.department, status=S.SUBMITTED)
    r = login(cast.institution).post(
        reverse("training_roster_add", args=[klass.code]),
        {"id_number": "12345", "name": "甲", "phone": "", "groups": "企业职工"},
        follow=True,
    )
    body = r.content.decode()
    assert "身份证号：" in body
    assert "第1行" not in body and "id_number：" not in body and "id_number " not in body


def test_an_uploaded_roster_keeps_its_row_numbers_with_chinese_names(cast, login):
    from tests.training.helpers import xlsx

    klass = make_class(cast.institution_org, cast.department)
    content = xlsx([[id_number_for(801), "甲", "", "企业职工"], ["123", "乙", "", "企业职工"]])
    r = login(cast.institution).post(
        reverse("training_roster_upload", args=[klass.code]),
        {"file": SimpleUploadedFile("r.xlsx", content)},
        follow=True,
    )
    assert "第3行 身份证号：" in r.content.decode()


def test_manual_attendance_errors_name_the_field_without_a_row(cast, login):
    klass = make_class(cast.institution_org, cast.department, status=S.RUNNING)
    enrolment = Enrolment.objects.create(klass=klass, person=cast.trainee_person, source="form")
    r = login(cast.institution).post(
        reverse("training_attendance_manual", args=[klass.code]),
        {"enrolment": enrolment.pk, "date": "2021-05-01", "hours": "40"},
        follow=True,
    )
    body = r.content.decode()
    assert "日期：日期应在开班日期" in body and "课时：课时应大于 0" in body
    assert "第1行" not in body and Attendance.objects.count() == 0


def _session(klass, day=dt.date(2021, 6, 15)):
    return Session.objects.create(
        klass=klass, date=day, starts_at=dt.time(8), ends_at=dt.time(12), hours=4, secret="q" * 64
    )


def test_a_second_scan_shows_already_checked_in_as_a_success_without_the_button(cast, login):
    klass = make_class(cast.institution_org, cast.department, status=S.RUNNING)
    Enrolment.objects.create(klass=klass, person=cast.trainee_person, source="form")
    session = _session(klass)
    url = reverse("training_checkin", args=[session.pk, qr_token(session)])
    trainee = login(cast.trainee)
    page = trainee.get(url).content.decode()
    assert 'id="checkin-button"' in page
    assert "签到成功" in trainee.post(url).content.decode()
    for page in (trainee.post(url).content.decode(), trainee.get(url).content.decode()):
        assert "您已签到" in page and 'id="checkin-done"' in page
        assert 'id="checkin-button"' not in page and "alert-danger" not in page
    assert Attendance.objects.count() == 1


def test_the_class_form_offers_only_the_schemes_the_institution_can_open_a_class_for(cast, login):
    file_for(cast.institution_org, ("special_ability", "电子产品装调", "初级,高级"))
    page = login(cast.institution).get(reverse("training_class_create")).content.decode()
    choices = page.split('id="id_scheme"')[1].split("</select>")[0]
    assert 'value="special_ability"' in choices
    assert 'value="living_allowance"' not in choices and 'value="chief_technician_allowance"' not in choices
    assert 'value="vocational_certificate"' not in choices  # not filed by this institution


def test_the_approvals_export_lists_waiting_and_decided_classes_of_the_department(cast, login):
    waiting = make_class(cast.institution_org, cast.department, status=S.SUBMITTED)
    client = login(cast.dept)
    client.post(reverse("training_class_reject", args=[waiting.code]), {"reason": "场地证明缺失"})
    other = make_class(cast.other_institution_org, cast.other_department, status=S.SUBMITTED)
    make_class(cast.institution_org, cast.department, status=S.SUBMITTED, code="T-WAIT")
    r = client.get(reverse("training_approvals") + "?format=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = [list(row) for row in load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True)]
    flat = [str(v) for row in rows for v in row if v is not None]
    assert waiting.code in flat and "T-WAIT" in flat and other.code not in flat
    rejected = next(row for row in rows if waiting.code in row)
    assert "已驳回" in rejected and "场地证明缺失" in rejected
    assert cast.dept.display_name in rejected


def _classes(cast, n, start=0):
    for i in range(start, start + n):
        k = make_class(
            cast.institution_org,
            cast.department,
            status=S.SUBMITTED,
            start=dt.date(2021, 7, 1) + dt.timedelta(days=i),
            code=f"Q-{i:04d}",
        )
        Enrolment.objects.create(klass=k, person=cast.other_person, source="form")


def _count(_fixture, client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("institution", "training_class_list"),
        ("dept", "training_approvals"),
        ("hr", "training_class_list"),
    ],
)
def test_list_pages_do_not_grow_in_queries_with_more_classes(
    cast, login, who, url, django_assert_num_queries
):
    client = login(getattr(cast, who))
    _classes(cast, 3)
    few = _count(django_assert_num_queries, client, reverse(url))
    _classes(cast, 20, start=3)
    assert _count(django_assert_num_queries, client, reverse(url)) == few
    assert _count(django_assert_num_queries, client, reverse(url) + "?format=xlsx") <= few + 2


def test_my_classes_and_my_certificates_do_not_grow_in_queries(cast, login, django_assert_num_queries):
    from tests.certificates.factories import registered

    client = login(cast.trainee)
    for i in range(2):
        k = make_class(cast.institution_org, cast.department, code=f"M-{i}", start=dt.date(2020, 1, 1 + i))
        Enrolment.objects.create(klass=k, person=cast.trainee_person, source="form")
        registered(cast.trainee_person, f"C-{i}", "高级")
    few = (
        _count(django_assert_num_queries, client, reverse("training_my_classes")),
        _count(django_assert_num_queries, client, reverse("certificate_list")),
    )
    for i in range(2, 12):
        k = make_class(cast.institution_org, cast.department, code=f"M-{i}", start=dt.date(2020, 1, 1 + i))
        Enrolment.objects.create(klass=k, person=cast.trainee_person, source="form")
        registered(cast.trainee_person, f"C-{i}", "高级")
    assert (
        _count(django_assert_num_queries, client, reverse("training_my_classes")),
        _count(django_assert_num_queries, client, reverse("certificate_list")),
    ) == few

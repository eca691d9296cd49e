"""Classes: filings gate them, the competent department is derived from annex 1 and decides, the status
moves by the business date; attendance by QR, face and manual; results need the attended hours."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest

from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.registry import crypto, services_filing
from skillup.registry.models import Filing
from skillup.training import attendance, services
from skillup.training.departments import all_codes, competent_department
from skillup.training.models import Attendance, TrainingClass
from skillup.training.results import results_record
from skillup.training.roster import Row, roster_import
from tests.factories import id_number_for
from tests.training.helpers import file_for, make_class

S = TrainingClass.Status


@pytest.mark.parametrize(
    ("scheme", "occupation", "code"),
    [
        ("special_operation_safety", "低压电工作业", "yjglj"),
        ("vocational_certificate", "养老护理员", "mzj"),
        ("special_ability", "电子产品装调", "jxj"),
        ("special_ability", "网店操作", "swj"),
        ("vocational_certificate", "焊工", "rsj"),
    ],
)
def test_the_competent_department_follows_annex_1(scheme, occupation, code):
    found = competent_department(scheme, occupation)
    assert found.code == code and ("附件1" in found.cite or "第19条" in found.cite)


def test_every_department_in_the_rules_is_a_real_organisation():
    from skillup.registry.demo import organisations_data

    assert all_codes() <= {row["code"] for row in organisations_data()}


def _submit(cast, **extra):
    data = {
        "scheme": "vocational_certificate",
        "occupation": "焊工",
        "level": "初级",
        "hours": 70,
        "start_date": dt.date(2021, 7, 1),
        "end_date": dt.date(2021, 7, 20),
        "venue": "实训楼",
        "capacity": 30,
    }
    return services.class_submit(actor=cast.institution, **{**data, **extra})


def test_a_class_needs_a_valid_filing_for_its_occupation(cast):
    with pytest.raises(RuleViolation) as exc:
        _submit(cast)
    assert "备案" in exc.value.errors[0].message
    file_for(cast.institution_org, valid_until=dt.date(2021, 7, 10))
    with pytest.raises(RuleViolation) as exc:  # the class ends after the filing expires
        _submit(cast)
    assert "结业日期" in exc.value.errors[0].message


def test_a_class_below_the_required_hours_is_refused(cast):
    file_for(cast.institution_org)
    with pytest.raises(RuleViolation) as exc:
        _submit(cast, hours=60)
    assert exc.value.errors[0].field == "hours" and "70" in exc.value.errors[0].message


def test_a_suspended_filing_stops_new_classes(cast):
    filing = file_for(cast.institution_org)
    assert _submit(cast).status == S.SUBMITTED
    services_filing.filing_suspend(actor=cast.hr, filing=filing, reason="抽查发现问题")
    with pytest.raises(RuleViolation):
        _submit(cast)


def test_filing_workflow_and_its_guards(cast):
    filing = services_filing.filing_submit(
        actor=cast.institution,
        institution=cast.institution_org,
        items=[{"scheme": "vocational_certificate", "occupation": "电工", "levels": "初级、中级"}],
    )
    with pytest.raises(StateConflict):
        services_filing.filing_submit(
            actor=cast.institution,
            institution=cast.institution_org,
            items=[{"scheme": "syb_training", "occupation": "", "levels": ""}],
        )
    with pytest.raises(NotAllowed):
        services_filing.filing_approve(
            actor=cast.dept, filing=filing, valid_from=None, valid_until=dt.date(2021, 12, 31)
        )
    with pytest.raises(RuleViolation):
        services_filing.filing_reject(actor=cast.hr, filing=filing, reason=" ")
    services_filing.filing_approve(
        actor=cast.hr, filing=filing, valid_from=None, valid_until=dt.date(2021, 12, 31)
    )
    assert Filing.objects.get(pk=filing.pk).status == Filing.Status.APPROVED
    assert filing.items.get().level_list == ["初级", "中级"]
    with pytest.raises(StateConflict):
        services_filing.filing_approve(
            actor=cast.hr, filing=filing, valid_from=None, valid_until=dt.date(2021, 12, 31)
        )
    services_filing.filing_revoke(actor=cast.hr, filing=filing, reason="撤销")


def test_bad_filing_items_name_their_row(cast):
    with pytest.raises(RuleViolation) as exc:
        services_filing.filing_submit(
            actor=cast.institution,
            institution=cast.institution_org,
            items=[
                {"scheme": "vocational_certificate", "occupation": "焊工", "levels": "初级"},
                {"scheme": "vocational_certificate", "occupation": "电工", "levels": "九级"},
            ],
        )
    assert exc.value.errors[0].row == 2


def test_only_the_competent_department_decides(cast):
    file_for(cast.institution_org)
    klass = _submit(cast)
    assert klass.department.code == "rsj"
    with pytest.raises(NotAllowed):
        services.class_approve(actor=cast.dept, klass=klass)
    with pytest.raises(RuleViolation):
        services.class_reject(actor=cast.hr, klass=klass, reason="")
    services.class_reject(actor=cast.hr, klass=klass, reason="课时安排不合理")
    with pytest.raises(StateConflict):
        services.class_approve(actor=cast.hr, klass=klass)


def test_the_class_starts_and_finishes_by_the_business_date(cast, settings):
    klass = make_class(
        cast.institution_org, cast.department, start=dt.date(2021, 6, 20), end=dt.date(2021, 6, 25)
    )
    with pytest.raises(StateConflict):
        services.class_start(actor=cast.institution, klass=klass)
    settings.SKILLUP_TODAY = "2021-06-20"
    assert services.classes_advance() == {"started": 1, "finished": 0}
    settings.SKILLUP_TODAY = "2021-06-26"
    assert services.classes_advance() == {"started": 0, "finished": 1}
    assert TrainingClass.objects.get(pk=klass.pk).status == S.FINISHED


@pytest.fixture
def running(cast):
    klass = make_class(cast.institution_org, cast.department, status=S.RUNNING, hours=8)
    roster_import(
        actor=cast.institution,
        klass=klass,
        source="api",
        rows=[
            Row(1, id_number_for(801), "甲", "", "企业职工"),
            Row(2, id_number_for(802), "乙", "", "企业职工"),
        ],
    )
    roster_import(
        actor=cast.institution,
        klass=klass,
        source="api",
        rows=[
            Row(1, crypto.decrypt(cast.trainee_person.id_cipher), cast.trainee_person.name, "", "企业职工")
        ],
    )
    return klass


def test_qr_check_in_takes_the_current_or_previous_minute_once(cast, running):
    session = services.session_create(
        actor=cast.institution,
        klass=running,
        date=dt.date(2021, 6, 15),
        starts_at=dt.time(8, 30),
        ends_at=dt.time(12, 0),
        hours=Decimal("4"),
    )
    minute = attendance.current_minute()
    stale = attendance.qr_token(session, minute - 2)
    with pytest.raises(RuleViolation):
        attendance.qr_checkin(actor=cast.trainee, session=session, token=stale)
    previous = attendance.qr_token(session, minute - 1)
    event = attendance.qr_checkin(
        actor=cast.trainee, session=session, token=previous, source_ip="10.0.0.8", user_agent="phone"
    )
    assert (event.method, event.hours, event.low_trust, event.source_ip) == (
        "qr",
        Decimal("4.0"),
        False,
        "10.0.0.8",
    )
    with pytest.raises(StateConflict):
        attendance.qr_checkin(actor=cast.trainee, session=session, token=attendance.qr_token(session))
    with pytest.raises(RuleViolation):  # not on the roster
        attendance.qr_checkin(actor=cast.other_trainee, session=session, token=attendance.qr_token(session))
    with mock.patch.object(attendance, "current_minute", return_value=minute + 5):
        assert not attendance.qr_token_valid(session, previous)


def test_the_institution_cannot_post_qr_and_manual_is_low_trust(cast, running):
    with pytest.raises(RuleViolation) as exc:
        attendance.attendance_record(
            actor=cast.institution,
            klass=running,
            records=[{"id_number": id_number_for(801), "date": "2021-06-10", "hours": 4, "method": "qr"}],
        )
    assert exc.value.errors[0].field == "method"
    attendance.attendance_record(
        actor=cast.institution,
        klass=running,
        records=[
            {"id_number": id_number_for(801), "date": "2021-06-10", "hours": 4, "method": "manual"},
            {
                "id_number": id_number_for(802),
                "date": "2021-06-10",
                "hours": 8,
                "method": "face",
                "device": "F-1",
            },
        ],
    )
    assert list(Attendance.objects.order_by("id").values_list("method", "low_trust", "device")) == [
        ("manual", True, ""),
        ("face", False, "F-1"),
    ]
    with pytest.raises(RuleViolation) as exc:  # more than 12 hours in one day
        attendance.attendance_record(
            actor=cast.institution,
            klass=running,
            records=[{"id_number": id_number_for(802), "date": "2021-06-10", "hours": 5, "method": "manual"}],
        )
    assert "12" in exc.value.errors[0].message


def test_a_pass_needs_the_attended_hours_and_a_unique_certificate(cast, running):
    attendance.attendance_record(
        actor=cast.institution,
        klass=running,
        records=[
            {
                "id_number": id_number_for(801),
                "date": "2021-06-10",
                "hours": 8,
                "method": "face",
                "device": "F",
            },
            {
                "id_number": id_number_for(802),
                "date": "2021-06-10",
                "hours": 6,
                "method": "face",
                "device": "F",
            },
        ],
    )
    with pytest.raises(RuleViolation) as exc:
        results_record(
            actor=cast.institution,
            klass=running,
            results=[
                {"id_number": id_number_for(801), "passed": True, "certificate_no": "X1"},
                {"id_number": id_number_for(802), "passed": True, "certificate_no": "X2"},
            ],
        )
    assert [(e.row, e.field) for e in exc.value.errors] == [(2, "passed")]
    results_record(
        actor=cast.institution,
        klass=running,
        results=[
            {"id_number": id_number_for(801), "passed": True, "certificate_no": "X1"},
            {"id_number": id_number_for(802), "passed": False},
        ],
    )
    other = make_class(
        cast.institution_org,
        cast.department,
        status=S.RUNNING,
        hours=4,
        start=dt.date(2021, 8, 1),
        end=dt.date(2021, 8, 2),
    )
    TrainingClass.objects.filter(pk=other.pk).update(start_date=dt.date(2021, 6, 1))
    other.refresh_from_db()
    roster_import(
        actor=cast.institution,
        klass=other,
        source="api",
        rows=[Row(1, id_number_for(803), "丙", "", "企业职工")],
    )
    attendance.attendance_record(
        actor=cast.institution,
        klass=other,
        records=[
            {
                "id_number": id_number_for(803),
                "date": "2021-06-11",
                "hours": 4,
                "method": "face",
                "device": "F",
            }
        ],
    )
    with pytest.raises(RuleViolation) as exc:
        results_record(
            actor=cast.institution,
            klass=other,
            results=[{"id_number": id_number_for(803), "passed": True, "certificate_no": "X1"}],
        )
    assert "已被使用" in exc.value.errors[0].message


def test_the_daily_task_moves_classes_by_the_business_date(cast, settings):
    from skillup.training.tasks import classes_advance_task

    make_class(cast.institution_org, cast.department, start=dt.date(2021, 6, 10), end=dt.date(2021, 6, 14))
    assert classes_advance_task.delay().get() == {"started": 1, "finished": 1}


def test_results_are_scoped_like_their_class(cast):
    from skillup.training.models import Enrolment, Result
    from skillup.training.selectors import results_visible_to

    klass = make_class(cast.institution_org, cast.department, status=S.FINISHED)
    e = Enrolment.objects.create(klass=klass, person=cast.trainee_person, source="form")
    Result.objects.create(enrolment=e, passed=True, certificate_no="R1", issuer="x")
    seen = {u.username: results_visible_to(u).count() for u in cast.all_users()}
    assert {name for name, n in seen.items() if n} == {
        "hr",
        "hradmin",
        "finance",
        "auditor",
        "dept",
        "institution",
        "trainee",
    }

"""Roster imports are all-or-nothing with row-level Chinese errors."""

import datetime as dt

import pytest

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.registry import crypto
from skillup.registry.models import Person
from skillup.training.models import Enrolment, TrainingClass
from skillup.training.roster import Row, roster_import, rows_from_xlsx
from tests.factories import id_number_for
from tests.training.helpers import make_class, xlsx


@pytest.fixture
def klass(cast):
    return make_class(cast.institution_org, cast.department, capacity=5)


def _rows(*numbers, name="学员"):
    return [
        Row(i + 2, id_number_for(n), f"{name}{n}", "138 0000 0000", "企业职工") for i, n in enumerate(numbers)
    ]


def _errors(fn) -> list:
    with pytest.raises(RuleViolation) as exc:
        fn()
    return exc.value.errors


def test_it_registers_new_people_and_links_existing_ones(cast, klass):
    existing = cast.trainee_person
    rows = _rows(801, 802) + [Row(4, crypto.decrypt(existing.id_cipher), existing.name, "", "企业职工")]
    before = AuditEntry.objects.count()
    result = roster_import(actor=cast.institution, klass=klass, rows=rows, source="form")
    assert result == {"added": 3, "registered": 2}
    assert Enrolment.objects.filter(klass=klass).count() == 3
    new = Person.objects.get(id_hash=crypto.lookup_hash(id_number_for(801)))
    assert new.phone == "13800000000" and new.group_list == ["employee"]
    assert AuditEntry.objects.count() == before + 1  # one audit row per import


def test_one_bad_row_refuses_the_whole_roster(cast, klass):
    rows = _rows(801, 802) + [
        Row(4, "330604199001011235", "错号", "", "企业职工"),
        Row(5, id_number_for(803), "", "", "外星人"),
    ]
    errors = _errors(lambda: roster_import(actor=cast.institution, klass=klass, rows=rows, source="xlsx"))
    assert {(e.row, e.field) for e in errors} == {(4, "id_number"), (5, "name"), (5, "groups")}
    assert Enrolment.objects.count() == 0
    assert not Person.objects.filter(id_hash=crypto.lookup_hash(id_number_for(801))).exists()


def test_a_duplicate_in_the_file_names_both_rows(cast, klass):
    errors = _errors(
        lambda: roster_import(actor=cast.institution, klass=klass, rows=_rows(801, 801), source="api")
    )
    assert errors[0].row == 3 and "第2行" in errors[0].message


def test_a_trainee_already_in_the_class_is_refused(cast, klass):
    roster_import(actor=cast.institution, klass=klass, rows=_rows(801), source="api")
    errors = _errors(
        lambda: roster_import(actor=cast.institution, klass=klass, rows=_rows(802, 801), source="api")
    )
    assert [(e.row, e.message) for e in errors] == [(3, "该学员已在本班名册中")]


def test_a_trainee_in_another_class_at_the_same_time_is_refused(cast, klass):
    other = make_class(
        cast.institution_org, cast.department, start=dt.date(2021, 6, 20), end=dt.date(2021, 7, 10)
    )
    roster_import(actor=cast.institution, klass=other, rows=_rows(801), source="api")
    errors = _errors(
        lambda: roster_import(actor=cast.institution, klass=klass, rows=_rows(801), source="api")
    )
    assert other.code in errors[0].message


def test_capacity_is_enforced(cast, klass):
    errors = _errors(
        lambda: roster_import(actor=cast.institution, klass=klass, rows=_rows(*range(801, 807)), source="api")
    )
    assert "超过计划人数" in errors[0].message


def test_a_name_that_differs_from_the_registry_is_refused(cast, klass):
    rows = [Row(2, crypto.decrypt(cast.trainee_person.id_cipher), "冒名", "", "企业职工")]
    errors = _errors(lambda: roster_import(actor=cast.institution, klass=klass, rows=rows, source="api"))
    assert "王小明" in errors[0].message


def test_a_finished_class_takes_no_roster(cast):
    klass = make_class(cast.institution_org, cast.department, status=TrainingClass.Status.FINISHED)
    with pytest.raises(StateConflict):
        roster_import(actor=cast.institution, klass=klass, rows=_rows(801), source="api")


def test_another_institution_may_not_import(cast, klass):
    with pytest.raises(NotAllowed):
        roster_import(actor=cast.other_institution, klass=klass, rows=_rows(801), source="api")


def test_several_groups_separated_by_the_chinese_comma(cast, klass):
    rows = rows_from_xlsx(xlsx([[id_number_for(801), "甲", "", "失业人员、退役军人"]]))
    roster_import(actor=cast.institution, klass=klass, rows=rows, source="xlsx")
    person = Person.objects.get(id_hash=crypto.lookup_hash(id_number_for(801)))
    assert person.group_list == ["unemployed", "veteran"]

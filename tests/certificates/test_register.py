"""The one register and its three sources: SkillUp's class results, assessment institutions (form or
.xlsx, within their filing) and HR's provincial imports — all-or-nothing, unique per issuer, audited."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from skillup.accounts.models import AuditEntry
from skillup.certificates import services
from skillup.certificates.models import Certificate
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.registry import crypto
from skillup.registry.models import Person
from skillup.registry.services_filing import filing_submit
from skillup.training.models import Attendance, Enrolment, Result, TrainingClass
from skillup.training.results import results_record
from tests.factories import PersonFactory, id_number_for
from tests.training.helpers import make_class, xlsx

pytestmark = pytest.mark.django_db


def _number(person):
    return crypto.decrypt(person.id_cipher)


def _row(person, **kw):
    base = {
        "id_number": _number(person),
        "name": person.name,
        "family": "职业技能等级",
        "occupation": "电工",
        "level": "四级",
        "number": "PJ-0001",
        "issued_on": "2021-03-01",
    }
    return {**base, **kw}


def test_a_passed_result_enters_the_register_in_the_results_service(cast):
    klass = make_class(
        cast.institution_org,
        cast.department,
        status=TrainingClass.Status.RUNNING,
        hours=4,
        start=dt.date(2021, 6, 1),
        scheme="skill_level_certificate",
        occupation="电工",
        level="四级",
    )
    people = [PersonFactory(), PersonFactory()]
    for p in people:
        e = Enrolment.objects.create(klass=klass, person=p, source=Enrolment.Source.FORM)
        Attendance.objects.create(enrolment=e, date=dt.date(2021, 6, 1), hours=Decimal(4), method="face")
    results_record(
        actor=cast.institution,
        klass=klass,
        results=[
            {"id_number": _number(people[0]), "passed": True, "certificate_no": "ＤＧ 001"},
            {"id_number": _number(people[1]), "passed": False},
        ],
    )
    cert = Certificate.objects.get()
    assert (cert.person, cert.number, cert.family, cert.level, cert.source) == (
        people[0],
        "DG001",
        "skill_level",
        "四级",
        "class_result",
    )
    assert cert.issuer == cast.institution_org and cert.result.enrolment.person == people[0]
    assert cert.issued_on == dt.date(2021, 6, 15)


def test_results_recorded_before_the_register_are_backfilled_by_the_data_migration(cast):
    from tests.subsidies.factories import finished_class

    klass = finished_class(cast, people=2)  # writes results directly, as before the register existed
    assert not Certificate.objects.exists()
    migration = importlib.import_module("skillup.certificates.migrations.0002_backfill_class_results")
    migration.backfill(apps, None)
    migration.backfill(apps, None)  # twice changes nothing
    certs = Certificate.objects.order_by("number")
    assert certs.count() == 2 and {c.source for c in certs} == {"class_result"}
    assert {c.result_id for c in certs} == set(
        Result.objects.filter(enrolment__klass=klass).values_list("id", flat=True)
    )
    assert certs[0].issuer_name == "绍兴市职业技能鉴定中心" and certs[0].family == "qualification"


def test_an_assessment_institution_registers_one_certificate_within_its_filing(cast, assessor):
    cert = services.certificate_register(actor=assessor, **_row(cast.trainee_person))
    assert cert.source == "assessor" and cert.issuer == assessor.organisation
    assert cert.issuer_name == "上虞区电气职业技能评价中心" and cert.person == cast.trainee_person
    assert AuditEntry.objects.filter(action="certificate.register", object_id=str(cert.pk)).exists()
    with pytest.raises(RuleViolation, match="已在证书库登记"):  # the same number of the same issuer
        services.certificate_register(actor=assessor, **_row(cast.other_person))
    with pytest.raises(RuleViolation, match="未备案") as exc:  # 焊工 is not in its filing
        services.certificate_register(
            actor=assessor, **_row(cast.trainee_person, number="PJ-2", occupation="焊工")
        )
    assert exc.value.errors[0].field == "occupation"  # the field to correct
    with pytest.raises(RuleViolation, match="未备案"):  # issued before its filing began
        services.certificate_register(
            actor=assessor, **_row(cast.trainee_person, number="PJ-3", issued_on="2018-12-01")
        )


def test_the_database_keeps_a_number_unique_per_issuer(cast):
    row = dict(person=cast.trainee_person, family="qualification", number="N1", issued_on=dt.date(2021, 1, 1))
    Certificate.objects.create(issuer_name="甲鉴定站", source="provincial", **row)
    Certificate.objects.create(issuer_name="乙鉴定站", source="provincial", **row)  # another issuer: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(issuer_name="甲鉴定站", source="provincial", **row)


def test_an_upload_is_all_or_nothing_with_row_numbered_errors(cast, assessor):
    good = [
        _number(cast.trainee_person),
        cast.trainee_person.name,
        "职业技能等级",
        "电工",
        "四级",
        "A-1",
        "2021-03-01",
    ]
    rows = [
        good,
        [id_number_for(950), "新学员", "职业技能等级", "电工", "三级", "A-2", "2021-03-02"],
        [
            "330682199001011230",
            "错号",
            "职业技能等级",
            "电工",
            "四级",
            "A-3",
            "2021-03-01",
        ],  # bad check digit
        [_number(cast.other_person), "不是本人", "职业技能等级", "电工", "四级", "A-4", "2021-03-01"],
        [id_number_for(951), "某人", "专项证书", "电工", "四级", "A-1", "明天"],
    ]
    content = xlsx(rows, headers=services.HEADERS)
    with pytest.raises(RuleViolation) as exc:
        services.certificates_import(actor=assessor, content=content)
    found = {(e.row, e.field) for e in exc.value.errors}
    assert {(4, "id_number"), (6, "family"), (6, "issued_on")} <= found
    assert not Certificate.objects.exists() and not Person.objects.filter(name="新学员").exists()
    with pytest.raises(RuleViolation) as exc:  # the name differs from the registry, a number repeats
        services.certificates_import(
            actor=assessor,
            content=xlsx([good, rows[1], rows[3], [*good[:5], "A-1", good[6]]], headers=services.HEADERS),
        )
    assert [(e.row, e.field) for e in exc.value.errors] == [(4, "name"), (5, "number")]
    assert "不一致" in exc.value.errors[0].message and "第2行" in exc.value.errors[1].message
    result = services.certificates_import(actor=assessor, content=xlsx(rows[:2], headers=services.HEADERS))
    assert result == {"added": 2, "people_registered": 1}
    newcomer = Person.objects.get(name="新学员")
    assert newcomer.certificates.get().number == "A-2" and newcomer.id_masked.endswith(
        id_number_for(950)[-4:]
    )
    entry = AuditEntry.objects.get(action="certificate.import")
    assert entry.changes == {"certificates": [0, 2], "people_registered": [0, 1]}


def test_hr_imports_the_provincial_register_naming_each_issuer(cast):
    rows = [
        [
            _number(cast.trainee_person),
            cast.trainee_person.name,
            "国家职业资格",
            "焊工",
            "技师",
            "ZJ-9",
            "2020/12/01",
            "浙江省职业技能鉴定中心",
        ],
        [
            _number(cast.other_person),
            cast.other_person.name,
            "国家职业资格",
            "焊工",
            "高级",
            "ZJ-9",
            "2020-12-01",
            "绍兴市职业技能鉴定中心",
        ],
    ]
    assert services.certificates_import(
        actor=cast.hr, content=xlsx(rows, headers=services.PROVINCIAL_HEADERS)
    ) == {"added": 2, "people_registered": 0}
    assert set(Certificate.objects.values_list("source", "issuer_name")) == {
        ("provincial", "浙江省职业技能鉴定中心"),
        ("provincial", "绍兴市职业技能鉴定中心"),
    }
    with pytest.raises(RuleViolation, match="表头"):  # the assessor's template lacks 发证机构
        services.certificates_import(actor=cast.hr, content=xlsx(rows, headers=services.HEADERS))
    with pytest.raises(RuleViolation) as exc:
        services.certificate_register(actor=cast.hr, **_row(cast.trainee_person, number="X"))
    assert exc.value.errors[0].field == "issuer_name"


def test_only_assessment_institutions_and_hr_register(cast):
    for user in (cast.institution, cast.trainee, cast.dept, cast.finance, cast.auditor, cast.enterprise):
        with pytest.raises(NotAllowed):
            services.certificate_register(actor=user, **_row(cast.trainee_person))


def test_an_assessment_institution_files_only_certificate_families(cast, assessor):
    with pytest.raises(RuleViolation, match="评价机构只能备案证书类别"):
        filing_submit(
            actor=assessor, institution=assessor.organisation, items=[{"scheme": "enterprise_competition"}]
        )
    filing = filing_submit(
        actor=assessor,
        institution=assessor.organisation,
        items=[{"scheme": "special_ability", "occupation": "食品雕刻", "levels": "初级"}],
    )
    assert filing.status == "submitted" and filing.items.get().scheme == "special_ability"
    with pytest.raises(NotAllowed):
        filing_submit(actor=cast.institution, institution=assessor.organisation, items=[])

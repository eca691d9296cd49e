"""第7条 living allowance: 50 yuan × attended days in a listed group; days from attendance, never typed;
with the class's claims or on application; never twice for the same class and person."""

import datetime as dt
from decimal import Decimal

import pytest

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.registry import groups as group_codes
from skillup.registry.models import GroupRecognition
from skillup.registry.services_groups import group_recognise
from skillup.subsidies import living
from skillup.subsidies.models import Claim
from skillup.subsidies.services import claim_apply, claims_create_for_class
from skillup.training.models import Attendance, Enrolment
from tests.factories import PersonFactory
from tests.subsidies.factories import finished_class
from tests.training.helpers import ensure_org

pytestmark = pytest.mark.django_db
D = dt.date(2021, 5, 10)


def _attend(klass, person, *days, events_per_day=1):
    enrolment = Enrolment.objects.get(klass=klass, person=person)
    for day in days:
        for _ in range(events_per_day):
            Attendance.objects.create(enrolment=enrolment, date=day, hours=Decimal("4.0"), method="qr")
    return enrolment


def _person(*codes, card="330600007777"):
    return PersonFactory(groups=group_codes.encode(list(codes)), citizen_card=card)


def _details(claim):
    return " ".join(b["detail"] for b in claim.basis)


def test_the_class_claims_bring_the_living_allowance_of_eligible_trainees(cast):
    dibao = _person("employee", "urban_dibao", card="330600000001")
    plain = _person("employee", card="330600000002")
    absent = _person("urban_dibao", card="330600000003")
    klass = finished_class(cast, people=[dibao, plain, absent])
    _attend(klass, dibao, D, D + dt.timedelta(days=1), D + dt.timedelta(days=2), events_per_day=2)
    _attend(klass, plain, D, D + dt.timedelta(days=1))

    created = claims_create_for_class(actor=cast.institution, klass=klass)

    living_claims = [c for c in created if c.scheme == "living_allowance"]
    assert len(created) == 4 and len(living_claims) == 1
    (claim,) = living_claims
    assert claim.person == dibao and claim.status == Claim.Status.CHECKED
    assert claim.amount == Decimal("150.00") and claim.facts["days"] == 3
    assert claim.payee_kind == "person" and claim.payee_account == "330600000001"
    assert claim.entitlement_date == D + dt.timedelta(days=2) and claim.klass == klass
    assert "第7条：培训期间出勤 3 天（按考勤记录的不同日期计），均属城市低保家庭学员" in _details(claim)
    assert "3天" in _details(claim) or "3 天" in _details(claim)
    assert "150" in _details(claim)
    # 附件1: the allowance is routed by the person's group; 城镇低保 belongs to no sector → 人社局
    assert claim.department == cast.hr_bureau and "主管部门：人社局" in _details(claim)
    # the trainee's training claim of the same class is not a duplicate of it
    training = next(c for c in created if c.person == dibao and c.scheme == "vocational_certificate")
    assert training.status == Claim.Status.CHECKED and "duplicate_claim" not in training.refusals


def test_only_the_days_in_the_group_count(cast):
    nyncj = ensure_org("nyncj", "区农业农村局")
    person = _person("employee", card="330600000010")
    klass = finished_class(cast, people=[person])
    days = [D, D + dt.timedelta(days=1), D + dt.timedelta(days=7), D + dt.timedelta(days=8)]
    _attend(klass, person, *days)
    group_recognise(
        actor=cast.hr,
        person=person,
        group="low_income_rural",
        valid_from=D + dt.timedelta(days=5),
        source="农业农村局建档立卡名册",
    )
    (claim,) = [
        c
        for c in claims_create_for_class(actor=cast.institution, klass=klass)
        if c.scheme == "living_allowance"
    ]
    assert claim.amount == Decimal("100.00") and claim.facts["days"] == 2
    assert claim.facts["counted_days"] == ["2021-05-17", "2021-05-18"]
    assert (
        "其中属建档立卡低收入农户家庭劳动力的 2 天（按人员类别认定记录的起止日期）；05-10、05-11 不属所列人员，不计"
        in (_details(claim))
    )
    assert claim.department == nyncj and "附件1 第4行" in _details(claim)


def test_a_recognition_that_ended_before_the_training_counts_no_day(cast):
    person = _person("urban_dibao", card="330600000011")
    GroupRecognition.objects.create(
        person=person, group="urban_dibao", valid_from=dt.date(2019, 1, 1), valid_until=dt.date(2020, 12, 31)
    )
    klass = finished_class(cast, people=[person])
    _attend(klass, person, D)
    created = claims_create_for_class(actor=cast.institution, klass=klass)
    assert [c.scheme for c in created] == ["vocational_certificate"]


def test_a_trainee_applies_for_a_class_they_attended_once(cast):
    person = cast.trainee_person
    person.groups = group_codes.encode(["two_after_rural"])
    person.citizen_card = "330600000020"
    person.save()
    jtj = ensure_org("jtj", "区教体局")
    klass = finished_class(cast, people=[person])
    _attend(klass, person, D, D + dt.timedelta(days=3))

    claim = claim_apply(
        actor=cast.trainee, scheme="living_allowance", entitlement_date=None, facts={}, klass=klass
    )
    assert claim.amount == Decimal("100.00") and claim.status == Claim.Status.CHECKED
    assert claim.department == jtj and "附件1 第2行" in _details(claim)
    assert AuditEntry.objects.filter(action="claim.living_apply").count() == 1

    with pytest.raises(StateConflict, match="不能重复申领"):
        claim_apply(
            actor=cast.trainee, scheme="living_allowance", entitlement_date=None, facts={}, klass=klass
        )
    # nor again with the class's claims
    created = claims_create_for_class(actor=cast.institution, klass=klass)
    assert [c.scheme for c in created] == ["vocational_certificate"]
    assert Claim.objects.filter(scheme="living_allowance").count() == 1


def test_no_attendance_or_no_group_is_refused_and_writes_nothing(cast):
    person = cast.trainee_person
    person.groups = group_codes.encode(["employment_difficulty"])
    person.save()
    klass = finished_class(cast, people=[person])
    with pytest.raises(RuleViolation, match="没有考勤记录"):
        claim_apply(
            actor=cast.trainee, scheme="living_allowance", entitlement_date=None, facts={}, klass=klass
        )
    _attend(klass, person, D)
    person.groups = group_codes.encode(["employee"])
    person.save()
    with pytest.raises(RuleViolation, match="限于建档立卡低收入农户"):
        claim_apply(
            actor=cast.trainee, scheme="living_allowance", entitlement_date=None, facts={}, klass=klass
        )
    other = finished_class(cast, people=1)
    with pytest.raises(RuleViolation, match="不在该培训班的学员名册中"):
        claim_apply(
            actor=cast.trainee, scheme="living_allowance", entitlement_date=None, facts={}, klass=other
        )
    assert not Claim.objects.exists()


def test_the_api_and_the_page_apply_by_class(cast, api_client, login):
    person = cast.trainee_person
    person.groups = group_codes.encode(["zero_employment_family"])
    person.citizen_card = "330600000030"
    person.save()
    klass = finished_class(cast, people=[person])
    _attend(klass, person, D, D + dt.timedelta(days=1), D + dt.timedelta(days=2))
    client = login(cast.trainee)
    page = client.get(f"/training/classes/{klass.code}/").content.decode()
    # The offer follows can_apply_living_allowance; its wording (groups, daily rate) is the catalogue's.
    assert "申请培训期间生活费补贴" in page and "城市低保家庭学员，按出勤天数每天50元" in page
    r = client.post(f"/subsidies/classes/{klass.code}/living/", follow=True)
    assert "核定 150.00 元" in r.content.decode()
    assert "由系统按附件1确定：主管部门：人社局（第19条" in r.content.decode()
    r = api_client(cast.trainee).post("/api/v1/claims", {"scheme": "living_allowance", "class": klass.code})
    assert r.status_code == 409 and "不能重复申领" in r.content.decode()
    other = finished_class(cast, people=[person])
    _attend(other, person, D + dt.timedelta(days=20))
    r = api_client(cast.trainee).post(
        "/api/v1/claims", {"scheme": "living_allowance", "class": other.code, "days": 30, "department": "jxj"}
    )
    assert r.status_code == 201, r.content
    assert (
        r.json()["amount"] == "50.00" and r.json()["class"] == other.code and r.json()["department"] == "rsj"
    )
    # another trainee's class is not found
    stranger = finished_class(cast, people=1)
    r = api_client(cast.trainee).post(
        "/api/v1/claims", {"scheme": "living_allowance", "class": stranger.code}
    )
    assert r.status_code == 404


def test_the_listed_groups_are_the_catalogue_s():
    assert living.listed_groups() == (
        "low_income_rural",
        "employment_difficulty",
        "zero_employment_family",
        "two_after_rural",
        "urban_dibao",
    )


def test_a_recognition_is_audited_and_puts_a_current_group_on_the_person(cast):
    person = PersonFactory(groups=group_codes.encode(["employee"]))
    rec = group_recognise(
        actor=cast.hr,
        person=person,
        group="urban_dibao",
        valid_from=dt.date(2021, 1, 1),
        source="民政局低保名册",
    )
    person.refresh_from_db()
    assert person.group_list == ["employee", "urban_dibao"] and rec.valid_until is None
    event = AuditEntry.objects.get(action="person.group_recognise")
    assert "城市低保家庭学员" in event.summary and event.changes["groups"][1] == ",employee,urban_dibao,"
    with pytest.raises(RuleViolation) as exc:
        group_recognise(
            actor=cast.hr,
            person=person,
            group="martian",
            valid_from=dt.date(2021, 5, 1),
            valid_until=dt.date(2021, 4, 1),
            source="",
        )
    assert {e.field for e in exc.value.errors} == {"group", "valid_until", "source"}
    with pytest.raises(NotAllowed):
        group_recognise(
            actor=cast.institution, person=person, group="urban_dibao", valid_from=dt.date(2021, 1, 1)
        )
    assert GroupRecognition.objects.count() == 1


def test_the_days_of_a_living_allowance_cannot_be_typed_on_resubmission(cast):
    from skillup.subsidies.review import claim_review
    from skillup.subsidies.services import claim_resubmit

    person = _person("urban_dibao", card="")
    klass = finished_class(cast, people=[person])
    _attend(klass, person, D)
    (claim,) = [
        c
        for c in claims_create_for_class(actor=cast.institution, klass=klass)
        if c.scheme == "living_allowance"
    ]
    # Payable by identity number without a stored card (第20条); the department (人社局) sends it back.
    assert claim.status == Claim.Status.CHECKED and claim.refusals == []
    claim = claim_review(claim=claim, actor=cast.hr, decision="reject", reason="请核对出勤")
    assert claim.status == Claim.Status.REJECTED
    with pytest.raises(RuleViolation, match="按考勤记录计算"):
        claim_resubmit(actor=cast.institution, claim=claim, facts={"days": 30})
    claim = claim_resubmit(actor=cast.institution, claim=claim)
    assert claim.status == Claim.Status.CHECKED and claim.amount == Decimal("50.00")
    assert any(b["rule"] == "living_days" for b in claim.basis) and any(
        b["rule"] == "department" for b in claim.basis
    )


def test_the_living_allowance_is_not_offered_before_the_class_opens(cast, login):
    from skillup.training.models import TrainingClass

    person = cast.trainee_person
    klass = finished_class(cast, people=[person])
    TrainingClass.objects.filter(pk=klass.pk).update(status="submitted")
    page = login(cast.trainee).get(f"/training/classes/{klass.code}/").content.decode()
    assert "申请培训期间生活费补贴" not in page
    with pytest.raises(StateConflict, match="开班后才能申请生活费补贴"):
        claim_apply(
            actor=cast.trainee,
            scheme="living_allowance",
            entitlement_date=None,
            facts={},
            klass=TrainingClass.objects.get(pk=klass.pk),
        )

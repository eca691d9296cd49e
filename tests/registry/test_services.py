import pytest

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.registry import crypto, selectors, services
from skillup.registry.models import Person
from tests.factories import id_number_for


def test_registering_a_person_encrypts_the_number_and_finds_it_by_hash(cast):
    number = id_number_for(4242)
    person = services.person_register(
        actor=cast.hr, id_number=number, name="钱多多", phone="138 0013 8000", groups="企业职工、退役军人"
    )
    stored = Person.objects.get(pk=person.pk)
    assert number not in stored.id_cipher
    assert crypto.decrypt(stored.id_cipher) == number
    assert stored.id_masked == number[:6] + "********" + number[14:]
    assert stored.phone == "13800138000"
    assert stored.group_list == ["employee", "veteran"]
    assert selectors.person_by_id_number(number) == stored
    entry = AuditEntry.objects.get(action="person.register")
    assert number not in str(entry.changes)


def test_one_person_per_identity_number(cast):
    number = id_number_for(77)
    services.person_register(actor=cast.hr, id_number=number, name="甲")
    with pytest.raises(RuleViolation) as exc:
        services.person_register(actor=cast.hr, id_number=number, name="乙")
    assert exc.value.errors[0].field == "id_number"
    assert "已登记" in exc.value.errors[0].message
    assert Person.objects.filter(name="乙").count() == 0


def test_bad_input_names_every_field_and_writes_nothing(cast):
    before = Person.objects.count(), AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as exc:
        services.person_register(
            actor=cast.hr, id_number="330604198504121230", name="", phone="123", groups="企业职工、火星人"
        )
    fields = {e.field for e in exc.value.errors}
    assert fields == {"id_number", "name", "phone", "groups"}
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_reading_a_full_number_is_audited_and_only_for_roles_with_need(cast):
    person = cast.other_person
    number = services.person_reveal_id(actor=cast.hr, person=person)
    assert crypto.lookup_hash(number) == person.id_hash
    assert AuditEntry.objects.filter(
        action="person.reveal_id", actor=cast.hr, object_id=str(person.pk)
    ).exists()
    with pytest.raises(NotAllowed):
        services.person_reveal_id(actor=cast.institution, person=person)
    with pytest.raises(NotAllowed):
        services.person_reveal_id(actor=cast.auditor, person=person)


def test_a_trainee_edits_their_own_phone_and_the_change_is_audited(cast):
    services.person_update_contact(actor=cast.trainee, person=cast.trainee_person, phone="13912345678")
    cast.trainee_person.refresh_from_db()
    assert cast.trainee_person.phone == "13912345678"
    entry = AuditEntry.objects.filter(action="person.update_contact").latest("seq")
    assert entry.changes["phone"][1] == "13912345678"


def test_searching_by_full_number_uses_the_hash(cast):
    number = services.person_reveal_id(actor=cast.hr, person=cast.trainee_person)
    found = selectors.person_search(Person.objects.all(), number)
    assert list(found) == [cast.trainee_person]
    assert list(selectors.person_search(Person.objects.all(), "王小明")) == [cast.trainee_person]


def test_enterprise_flags_change_with_an_audit_row(cast):
    enterprise = cast.enterprise_org.enterprise
    services.enterprise_update(actor=cast.hr, enterprise=enterprise, chemical=True, employees=120)
    enterprise.refresh_from_db()
    assert enterprise.chemical is True and enterprise.employees == 120
    assert AuditEntry.objects.filter(action="enterprise.update").exists()
    # Recognised facts come from the dated register, never typed as a flag.
    with pytest.raises(RuleViolation):
        services.enterprise_update(actor=cast.hr, enterprise=enterprise, trade_friction=True)
    with pytest.raises(RuleViolation):
        services.enterprise_update(actor=cast.hr, enterprise=enterprise, ui_premiums_last_year="1.00")


def test_organisations_need_a_valid_credit_code(cast):
    with pytest.raises(RuleViolation) as exc:
        services.organisation_create(
            actor=cast.hr, kind="enterprise", name="某公司", uscc="91330604XXXXXXXXXX"
        )
    assert exc.value.errors[0].field == "uscc"

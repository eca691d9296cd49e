"""Where money goes changes only through audited services: an organisation's bank account (HR or its own
staff, malformed numbers refused in Chinese, old and new masked in the audit trail), never in /admin/."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from skillup.accounts.models import AuditEntry
from skillup.core.errors import RuleViolation
from skillup.registry import payees
from skillup.registry.models import Organisation, Person
from skillup.registry.services_accounts import organisation_bank_account_update

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "银行账号不能为空"),
        ("1234", "银行账号应为8至32位数字"),
        ("6222ABCD12345678", "银行账号应为8至32位数字"),
    ],
)
def test_a_malformed_bank_account_is_refused_in_chinese(cast, value, message):
    org = cast.institution_org
    old = org.bank_account
    with pytest.raises(RuleViolation) as exc:
        organisation_bank_account_update(actor=cast.hr, organisation=org, bank_account=value)
    assert exc.value.errors[0].field == "bank_account" and exc.value.errors[0].message == message
    org.refresh_from_db()
    assert org.bank_account == old
    assert not AuditEntry.objects.filter(action="organisation.bank_account").exists()


def test_hr_and_the_organisations_own_staff_change_it_audited_and_masked(cast):
    org = cast.enterprise_org
    organisation_bank_account_update(
        actor=cast.enterprise, organisation=org, bank_account="6222 0012 3456 7890", reason="原账户已销户"
    )
    org.refresh_from_db()
    assert org.bank_account == "6222001234567890"
    entry = AuditEntry.objects.get(action="organisation.bank_account")
    assert entry.actor_id == cast.enterprise.pk and entry.object_id == str(org.pk)
    assert entry.changes["bank_account"][1] == "6222********7890"
    assert entry.changes["reason"] == "原账户已销户" and "6222001234567890" not in str(entry.changes)
    organisation_bank_account_update(actor=cast.hr, organisation=org, bank_account="6228000011112222")
    org.refresh_from_db()
    assert org.bank_account == "6228000011112222"
    with pytest.raises(RuleViolation, match="相同"):
        organisation_bank_account_update(actor=cast.hr, organisation=org, bank_account="6228000011112222")


@pytest.mark.parametrize("who", ["other_enterprise", "institution", "finance", "dept", "trainee"])
def test_nobody_else_changes_an_organisations_account(cast, who):
    with pytest.raises(PermissionDenied):
        organisation_bank_account_update(
            actor=getattr(cast, who), organisation=cast.enterprise_org, bank_account="6222001234567890"
        )


def test_a_bureau_has_no_payee_account_to_change(cast):
    with pytest.raises(PermissionDenied):
        organisation_bank_account_update(
            actor=cast.hr, organisation=cast.department, bank_account="62220012345"
        )


def test_the_bank_account_page(cast, login):
    org = cast.institution_org
    client = login(cast.institution)
    assert client.get(reverse("my_bank_account")).url == reverse("bank_account", args=[org.pk])
    r = client.post(reverse("bank_account", args=[org.pk]), {"bank_account": "12", "reason": ""})
    assert r.status_code == 400 and "银行账号应为8至32位数字" in r.content.decode()
    r = client.post(
        reverse("bank_account", args=[org.pk]), {"bank_account": "622200001111222233", "reason": "换开户行"}
    )
    assert r.status_code == 302
    page = client.get(reverse("bank_account", args=[org.pk])).content.decode()
    assert "银行账号 6222**********2233" in page and "换开户行" in page and "622200001111222233" not in page
    # Another institution's page is 404; finance reads it without a form; a department sees nothing.
    assert login(cast.other_institution).get(reverse("bank_account", args=[org.pk])).status_code == 404
    assert login(cast.enterprise).get(reverse("bank_account", args=[org.pk])).status_code == 404
    page = login(cast.finance).get(reverse("bank_account", args=[org.pk]))
    assert page.status_code == 200 and "变更银行账号" not in page.content.decode()
    assert (
        login(cast.finance)
        .post(reverse("bank_account", args=[org.pk]), {"bank_account": "62220000111122"})
        .status_code
        == 403
    )
    assert login(cast.dept).get(reverse("bank_account", args=[org.pk])).status_code == 403


def test_admin_shows_bank_account_card_and_identity_read_only(cast, login):
    org = cast.enterprise_org
    org.bank_account = "6222001234567890"
    org.save()
    person = cast.trainee_person
    person.citizen_card = "330600001234"
    person.save()
    client = login(cast.hradmin)
    url = reverse("admin:registry_organisation_change", args=[org.pk])
    page = client.get(url).content.decode()
    assert 'name="bank_account"' not in page and "6222********7890" in page and "6222001234567890" not in page
    client.post(url, {"kind": org.kind, "code": org.code, "name": org.name, "bank_account": "1111111111"})
    org.refresh_from_db()
    assert org.bank_account == "6222001234567890"
    page = client.get(reverse("admin:registry_person_change", args=[person.pk])).content.decode()
    assert 'name="citizen_card"' not in page and 'name="id_masked"' not in page
    assert "330600001234" not in page and "市民卡 3306****1234" in page
    client.post(reverse("admin:registry_person_change", args=[person.pk]), {"citizen_card": "999999999999"})
    person.refresh_from_db()
    assert Person.objects.get(pk=person.pk).citizen_card == "330600001234"


def test_payee_accounts_are_described_plainly():
    assert payees.account_display("person", "") == "市民卡（按身份证号发放）"
    assert payees.account_display("person", payees.BY_ID_NUMBER) == "市民卡（按身份证号发放）"
    assert payees.account_display("person", "330600001234") == "市民卡 3306****1234"
    assert payees.account_display("enterprise", "") == "银行账号缺失（不能发放）"
    assert payees.account_missing("institution", "") and not payees.account_missing("person", "")
    assert Organisation._meta.get_field("bank_account").max_length >= payees.BANK_LENGTH[1]

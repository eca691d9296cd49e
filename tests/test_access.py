"""Scoping, told per role: another organisation's object is 404; no full number reaches a page."""

import pytest
from django.urls import reverse

from skillup.registry import crypto


def _visible(client, url):
    return client.get(url).status_code


def test_a_person_page_is_404_to_every_organisation_that_has_no_tie_to_the_person(cast, login):
    other = reverse("person_detail", args=[cast.other_person.pk])  # employed by the other enterprise
    for user in (cast.enterprise, cast.trainee, cast.outsider, cast.institution, cast.dept):
        assert _visible(login(user), other) == 404, user.username
    for user in (
        cast.hr,
        cast.hradmin,
        cast.finance,
        cast.auditor,
        cast.other_enterprise,
        cast.other_trainee,
    ):
        assert _visible(login(user), other) == 200, user.username


def test_an_enterprise_sees_its_own_people_and_profile_only(cast, login):
    client = login(cast.enterprise)
    assert _visible(client, reverse("person_detail", args=[cast.trainee_person.pk])) == 200
    assert _visible(client, reverse("enterprise_detail", args=[cast.enterprise_org.pk])) == 200
    assert _visible(client, reverse("enterprise_detail", args=[cast.other_enterprise_org.pk])) == 404
    listing = client.get(reverse("people_list")).content.decode()
    assert cast.trainee_person.name in listing and cast.other_person.name not in listing


def test_a_trainee_never_reaches_lists_of_other_people(cast, login):
    client = login(cast.trainee)
    assert _visible(client, reverse("people_list")) == 403
    assert _visible(client, reverse("enterprise_list")) == 403
    assert _visible(client, reverse("my_profile")) == 200


@pytest.mark.parametrize("role", ["institution", "enterprise", "trainee", "auditor", "dept", "outsider"])
def test_no_full_identity_number_reaches_a_page_of_a_role_without_need(cast, login, role):
    user = getattr(cast, role)
    client = login(user)
    numbers = [crypto.decrypt(p.id_cipher) for p in (cast.trainee_person, cast.other_person)]
    pages = [
        reverse("home"),
        reverse("people_list"),
        reverse("my_profile"),
        reverse("profile"),
        reverse("person_detail", args=[cast.trainee_person.pk]),
        reverse("person_detail", args=[cast.other_person.pk]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        for number in numbers:
            assert number not in body, (role, url)
    response = client.post(reverse("person_reveal", args=[cast.other_person.pk]))
    assert response.status_code in (403, 404)
    assert numbers[1] not in response.content.decode()


def test_hr_reveals_a_number_on_request_and_it_is_audited(cast, login):
    from skillup.accounts.models import AuditEntry

    client = login(cast.hr)
    url = reverse("person_detail", args=[cast.other_person.pk])
    number = crypto.decrypt(cast.other_person.id_cipher)
    assert number not in client.get(url).content.decode()
    revealed = client.post(reverse("person_reveal", args=[cast.other_person.pk]))
    assert number in revealed.content.decode()
    assert AuditEntry.objects.filter(action="person.reveal_id", actor=cast.hr).count() == 1


def test_the_people_list_runs_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    from tests.factories import PersonFactory

    PersonFactory.create_batch(30, employer=cast.enterprise_org)
    client = login(cast.hr)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("people_list")).status_code == 200


def test_people_export_is_a_spreadsheet_with_masked_numbers(cast, login):
    import io

    from openpyxl import load_workbook

    response = login(cast.hr).get(reverse("people_list") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "人员名册"
    assert [c.value for c in sheet[2]][:2] == ["姓名", "身份证号"]
    assert all("*" in (row[1].value or "") for row in sheet.iter_rows(min_row=3))


def test_hr_registers_a_person_through_the_form_with_field_errors(cast, login):
    client = login(cast.hr)
    page = client.post(reverse("person_create"), {"id_number": "330604198504121230", "name": "测试"})
    assert page.status_code == 200
    assert "身份证号" in page.content.decode()
    from tests.factories import id_number_for

    ok = client.post(
        reverse("person_create"), {"id_number": id_number_for(999), "name": "孙新", "groups": ["veteran"]}
    )
    assert ok.status_code == 302


def test_the_trainee_corrects_a_bad_phone_and_is_told_why(cast, login):
    client = login(cast.trainee)
    page = client.post(reverse("my_profile"), {"phone": "12"})
    assert "11位" in page.content.decode()
    assert client.post(reverse("my_profile"), {"phone": "13700001111"}).status_code == 302


def test_audit_log_is_for_hr_admin_and_auditors(cast, login):
    assert login(cast.hr).get(reverse("audit_list")).status_code == 403
    assert login(cast.auditor).get(reverse("audit_list")).status_code == 200

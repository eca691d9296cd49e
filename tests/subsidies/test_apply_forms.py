"""Defect 6 (issue 12): a scheme picker, then the scheme's own form with Chinese choices; the competent
department is derived, never picked; the applicant's scheme lists come from the catalogue."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from skillup.policy.catalogue import default_catalogue
from skillup.subsidies.models import Claim
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
CAT = default_catalogue()


def _fields(body: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)[^>]*name="([a-z_]+)"', body)) - {"csrfmiddlewaretoken"}


def test_the_enterprise_picks_a_scheme_first_from_the_catalogue_list(cast, login):
    page = login(cast.enterprise).get(reverse("claim_apply"))
    body = page.content.decode()
    assert page.context["form"] is None and 'data-testid="scheme-picker"' in body
    mine = [s.code for s in CAT.schemes_for("enterprise")]
    assert len(mine) == 7 and all(f"?scheme={code}" in body for code in mine)
    assert "?scheme=skill_level_certificate" not in body


def test_each_enterprise_scheme_has_its_own_fields_with_chinese_choices(cast, login):
    client = login(cast.enterprise)
    seen = {}
    for scheme in CAT.schemes_for("enterprise"):
        body = client.get(reverse("claim_apply"), {"scheme": scheme.code}).content.decode()
        fields = _fields(body)
        assert "department" not in fields and "employee" not in body.split("<option")[0]
        assert len(fields) <= 6, (scheme.code, fields)
        seen[scheme.code] = fields
    assert seen["new_apprenticeship"] == {
        "scheme",
        "entitlement_date",
        "kind",
        "year_of_scheme",
        "cost",
        "id_number",
    }
    assert seen["enterprise_competition"] == {"scheme", "entitlement_date", "cost"}
    assert seen["chief_technician_allowance"] == {"scheme", "entitlement_date", "months", "id_number"}
    body = client.get(reverse("claim_apply"), {"scheme": "new_apprenticeship"}).content.decode()
    assert '<option value="employee">职工学徒</option>' in body and "填 employee" not in body
    assert len({frozenset(f) for f in seen.values()}) >= 5  # not one form for every scheme


def test_an_enterprise_applies_with_a_chinese_choice_and_the_department_is_derived(cast, login):
    apprentice = PersonFactory(citizen_card="330600007777", employer=cast.enterprise_org)
    from skillup.registry import crypto

    r = login(cast.enterprise).post(
        reverse("claim_apply"),
        {
            "scheme": "new_apprenticeship",
            "entitlement_date": "2021-05-01",
            "kind": "employee",
            "year_of_scheme": "1",
            "cost": "4000",
            "id_number": crypto.decrypt(apprentice.id_cipher),
            "department": cast.department.pk,  # an old client's choice is ignored
        },
        follow=True,
    )
    claim = Claim.objects.get()
    assert claim.person == apprentice and claim.facts["kind"] == "employee"
    assert claim.entitlement_date == dt.date(2021, 5, 1)
    assert "主管部门" in r.content.decode() and "由系统按附件1确定" in r.content.decode()


def test_a_missing_choice_is_named_in_chinese_on_its_field(cast, login):
    body = (
        login(cast.enterprise)
        .post(
            reverse("claim_apply"),
            {
                "scheme": "new_apprenticeship",
                "entitlement_date": "2021-05-01",
                "year_of_scheme": "1",
                "cost": "1",
            },
        )
        .content.decode()
    )
    assert "请选择类型：职工学徒、学生学徒" in body and not Claim.objects.exists()


def test_a_trainee_cannot_open_an_enterprise_scheme_form(cast, login):
    page = login(cast.trainee).get(reverse("claim_apply"), {"scheme": "new_apprenticeship"})
    assert page.context["form"] is None
    assert [s.code for s in page.context["schemes"]] == [s.code for s in CAT.schemes_for("trainee")]

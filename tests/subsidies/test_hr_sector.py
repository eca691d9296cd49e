"""Defect 1 (issue 12): claims whose competent department is the HR bureau are reviewed by HR at the
department step — the page offers the form the service accepts, and the home tile counts what it lists."""

import re

import pytest
from django.urls import reverse

from skillup.subsidies.home import todo
from skillup.subsidies.models import Claim
from tests.subsidies.factories import advance, budget, claims_for_class, finished_class

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def hr_sector(cast):
    from skillup.subsidies.services import claims_create_for_class

    budget(cast.hr_bureau)
    klass = finished_class(cast, people=2, department=cast.hr_bureau)
    return claims_create_for_class(actor=cast.institution, klass=klass)


def test_hr_sees_the_review_form_on_an_hr_sector_claim_and_the_service_accepts_it(cast, login, hr_sector):
    client = login(cast.hr)
    claim = hr_sector[0]
    assert claim.status == S.CHECKED
    page = client.get(reverse("claim_detail", args=[claim.pk]))
    body = page.content.decode()
    assert page.context["review"] and 'action="' + reverse("claim_review", args=[claim.pk]) in body
    r = client.post(reverse("claim_review", args=[claim.pk]), {"decision": "approve"}, follow=True)
    assert "已通过" in r.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == S.DEPT_APPROVED
    # The same officer may not then approve at the HR step (separation of duties): no form, with the reason.
    page = client.get(reverse("claim_detail", args=[claim.pk]))
    assert not page.context["review"] and "另一人" in page.context["review"].reason


def test_the_department_does_not_get_the_form_on_an_hr_sector_claim(cast, login, hr_sector):
    page = login(cast.dept).get(reverse("claim_detail", args=[hr_sector[0].pk]))
    assert page.status_code == 404 or not page.context["review"]


def _tiles(client):
    body = client.get(reverse("home")).content.decode()
    return body


def test_each_hr_home_tile_counts_exactly_what_its_link_lists(cast, login, hr_sector):
    advance(cast, claims_for_class(cast, people=3), to="dept_approved")
    client = login(cast.hr)
    items = {t.title: t for t in todo(cast.hr)}
    assert items["待主管部门审核（人社局主管）的补贴申领"].count == 2
    assert items["待人社局审核的补贴申领"].count == 3
    for item in items.values():
        listed = client.get(item.url)
        assert listed.context["page_obj"].paginator.count == item.count, item.title
    body = _tiles(client)
    assert re.search(r"待人社局审核的补贴申领", body)

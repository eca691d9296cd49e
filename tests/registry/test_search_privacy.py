"""Small leaks of issue 10 item 9.

1. A full identity number never travels in a URL (access logs, proxies, history, Referer): every list whose
   search takes one POSTs it and comes back under a session token; no response redirects to or links a URL
   with the number, and the search still finds the person. The API's GET lists refuse it in the query
   string and offer a POST search.
2. An application (page and `POST /api/v1/claims`) answers the same whether a number is not registered or
   registered but not the applicant's to name.
"""

import re

import pytest
from django.urls import reverse

from skillup.certificates.models import Certificate
from skillup.registry import crypto
from skillup.registry.models import Employment
from skillup.subsidies.models import Claim
from tests.certificates.factories import registered
from tests.factories import PersonFactory, id_number_for
from tests.subsidies.factories import advance, claims_for_class, paid_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(cast):
    """Two people in every list (employed, certified, claimed, a failed payment); the search must find the
    first and only them."""
    people = [
        PersonFactory(name=name, citizen_card="", employer=cast.enterprise_org)
        for name in ("欧阳检索", "旁人甲")
    ]
    claims = advance(cast, claims_for_class(cast, people=people))
    paid_batch(cast, claims, statuses=["failed"] * len(claims))
    for n, p in enumerate(people):
        if not Certificate.objects.filter(person=p).exists():
            registered(p, f"PRIV-{n}", "高级", occupation="焊工")
    return people[0]


LISTS = [
    # (url name, search field, who, what the page shows of the person)
    ("people_list", "q", "hr", "欧阳检索"),
    ("employment_list", "q", "hr", "欧阳检索"),
    ("claim_list", "q", "hr", "欧阳检索"),
    ("failed_payments", "q", "finance", "欧阳检索"),
    ("certificate_list", "person", "hr", "欧阳检索"),
]


def _urls(html: str) -> list[str]:
    return re.findall(r'(?:href|action|hx-get|hx-post|value)="([^"]*)"', html)


@pytest.mark.parametrize(("name", "field", "who", "shows"), LISTS)
def test_a_search_by_identity_number_never_puts_the_number_in_a_url(
    cast, login, person, name, field, who, shows
):
    number = crypto.decrypt(person.id_cipher)
    client = login(getattr(cast, who))
    url = reverse(name)
    r = client.post(url, {"_search": "1", field: number}, follow=True)
    assert r.status_code == 200 and r.redirect_chain
    for target, _status in r.redirect_chain:
        assert number not in target and "qt=" in target
    page = r.content.decode()
    assert shows in page and "旁人甲" not in page  # still finds the person, and only them
    assert number not in page  # not in links, forms, or the search box (which shows the masked number)
    assert person.id_masked in page
    # Paging and export links carry the token, not the number, and still find the person.
    token = re.search(r"qt=([\w-]+)", r.redirect_chain[-1][0]).group(1)
    assert all(number not in u for u in _urls(page))
    assert shows in client.get(url, {"qt": token}).content.decode()
    # A URL that still carries the number (an old bookmark) is sent to a URL without it.
    r = client.get(url, {field: number})
    assert r.status_code == 302 and number not in r.url and "qt=" in r.url
    # Searching again with other filters keeps the same search.
    r = client.post(url, {"_search": "1", field: person.id_masked, "qt": token, "x": "1"})
    assert r.status_code == 302 and f"qt={token}" in r.url


def test_a_token_is_only_good_in_its_own_session(cast, login, person, client):
    number = crypto.decrypt(person.id_cipher)
    hr = login(cast.hr)
    r = hr.post(reverse("people_list"), {"_search": "1", "q": number})
    token = re.search(r"qt=([\w-]+)", r.url).group(1)
    from django.test import Client

    other = Client()
    other.force_login(cast.hradmin, backend="skillup.accounts.backends.SkillUpBackend")
    page = other.get(reverse("people_list"), {"qt": token}).content.decode()
    assert "欧阳检索" not in page and "旁人甲" not in page  # an unknown token finds nobody


def test_the_session_keeps_the_keyed_hash_never_the_number(cast, login, person):
    number = crypto.decrypt(person.id_cipher)
    client = login(cast.hr)
    client.post(reverse("people_list"), {"_search": "1", "q": number})
    stored = str(dict(client.session))
    assert number not in stored and person.id_hash in stored


def test_a_name_search_stays_readable_in_the_url(cast, login, person):
    r = login(cast.hr).post(reverse("people_list"), {"_search": "1", "q": "欧阳", "group": ""})
    assert r.status_code == 302 and "q=" in r.url and "qt=" not in r.url


def test_bulk_review_of_all_filtered_claims_follows_a_token_search(cast, login, person):
    other = PersonFactory(name="另一人")
    claims_for_class(cast, people=[other])
    number = crypto.decrypt(person.id_cipher)
    dept = login(cast.dept)
    r = dept.post(reverse("claim_list"), {"_search": "1", "q": number})
    token = re.search(r"qt=([\w-]+)", r.url).group(1)
    waiting = Claim.objects.filter(status=Claim.Status.CHECKED)
    assert waiting.filter(person=other).exists()
    dept.post(
        reverse("claims_bulk"),
        {"all_filtered": "1", "decision": "approve", "qt": token, "q": "", "next": r.url},
    )
    assert Claim.objects.get(person=other).status == Claim.Status.CHECKED  # not in the search: untouched


def test_the_api_refuses_a_number_in_the_query_string_and_searches_by_post(cast, api_client, person):
    number = crypto.decrypt(person.id_cipher)
    api = api_client(cast.hr)
    r = api.get(f"/api/v1/claims?q={number}")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "q"
    assert "POST /api/v1/claims/search" in r.json()["errors"][0]["message"]
    r = api.post("/api/v1/claims/search", {"q": number})
    assert r.status_code == 200 and r.json()["count"] == 1
    assert r.json()["claims"][0]["id_number"] == person.id_masked
    assert api.get("/api/v1/claims?q=欧阳").json()["count"] == 1  # names still work in the URL
    assert api.post("/api/v1/claims/search", {"status": "payment_failed"}).json()["count"] == 2


# -- 2. an application never tells who is registered -----------------------------------------------


def _apply_api(api_client, user, number):
    return api_client(user).post(
        "/api/v1/claims",
        {"scheme": "enterprise_evaluation", "entitlement_date": "2021-05-01", "id_number": number},
    )


def test_an_enterprise_hears_the_same_for_unregistered_and_for_someone_elses_employee(cast, api_client):
    unregistered = _apply_api(api_client, cast.enterprise, id_number_for(777))
    not_ours = _apply_api(api_client, cast.enterprise, crypto.decrypt(cast.other_person.id_cipher))
    assert unregistered.status_code == not_ours.status_code == 400
    assert unregistered.json() == not_ours.json()
    assert not_ours.json()["errors"][0]["field"] == "id_number"
    own = _apply_api(api_client, cast.enterprise, crypto.decrypt(cast.trainee_person.id_cipher))
    assert own.status_code != 400 or own.json() != not_ours.json()  # its own employee goes on to the checks


def test_an_enterprise_may_name_a_person_on_its_employment_register(cast, api_client):
    import datetime as dt

    former = PersonFactory(name="前职工")
    Employment.objects.create(
        person=former, enterprise=cast.enterprise_org, start=dt.date(2018, 1, 1), end=dt.date(2021, 3, 1)
    )
    r = _apply_api(api_client, cast.enterprise, crypto.decrypt(former.id_cipher))
    assert "未找到可申请的人员" not in r.content.decode()


def test_a_trainee_hears_the_same_for_unregistered_and_for_another_person(cast, api_client):
    def apply(number):
        return api_client(cast.trainee).post(
            "/api/v1/claims",
            {"scheme": "ui_skill_upgrade", "entitlement_date": "2021-04-01", "id_number": number},
        )

    unregistered = apply(id_number_for(778))
    someone = apply(crypto.decrypt(cast.other_person.id_cipher))
    assert unregistered.status_code == someone.status_code == 400
    assert unregistered.json() == someone.json()
    own = apply(crypto.decrypt(cast.trainee_person.id_cipher))
    assert "未找到可申请的人员" not in own.content.decode()


def test_the_apply_page_answers_the_same_too(cast, login):
    client = login(cast.enterprise)

    def apply(number):
        page = client.post(
            reverse("claim_apply"),
            {"scheme": "enterprise_evaluation", "entitlement_date": "2021-05-01", "id_number": number},
        ).content.decode()
        return re.findall(r'invalid-feedback d-block">(.*?)</div>', page)

    unregistered = apply(id_number_for(779))
    not_ours = apply(crypto.decrypt(cast.other_person.id_cipher))
    assert unregistered == not_ours and any("未找到可申请的人员" in e for e in not_ours)

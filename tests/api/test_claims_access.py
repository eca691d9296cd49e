"""Who sees which claims and batches in the API: another organisation's claim is 404, roles that may
never act get 403, and bad input is a 400 naming the field."""

import datetime as dt

import pytest

from tests.certificates.factories import registered
from tests.subsidies.factories import advance, claims_for_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(cast):
    cast.trainee_person.citizen_card = "330600001234"
    cast.trainee_person.save()
    (c,) = claims_for_class(cast, people=[cast.trainee_person])
    return c


SEES = {"hr", "hradmin", "finance", "auditor", "dept", "institution", "trainee"}
BLIND = {"dept-yjglj", "institution2", "enterprise2", "trainee2", "outsider"}


@pytest.mark.parametrize("username", sorted(SEES | BLIND))
def test_a_claim_is_visible_only_within_scope(cast, api_client, claim, username):
    user = next(u for u in cast.all_users() if u.username == username)
    r = api_client(user).get(f"/api/v1/claims/{claim.pk}")
    assert r.status_code == (200 if username in SEES else 404)
    listed = api_client(user).get("/api/v1/claims").json()["count"]
    assert listed == (1 if username in SEES else 0)


def test_another_institutions_class_is_404_when_claiming(cast, api_client, claim):
    r = api_client(cast.other_institution).post(f"/api/v1/classes/{claim.klass.code}/claims")
    assert r.status_code == 404


def test_review_by_a_role_that_never_reviews_is_403_and_out_of_step_is_409(cast, api_client, claim):
    assert (
        api_client(cast.institution)
        .post(f"/api/v1/claims/{claim.pk}/review", {"decision": "approve"})
        .status_code
        == 403
    )
    r = api_client(cast.hr).post(f"/api/v1/claims/{claim.pk}/review", {"decision": "approve"})
    assert r.status_code == 409 and "不在" in r.json()["errors"][0]["message"]
    r = api_client(cast.dept).post(f"/api/v1/claims/{claim.pk}/review", {"decision": "maybe"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "decision"
    r = api_client(cast.other_dept).post(f"/api/v1/claims/{claim.pk}/review", {"decision": "approve"})
    assert r.status_code == 404


def test_batches_are_finance_business(cast, api_client, claim):
    advance(cast, [claim])
    r = api_client(cast.hr).post("/api/v1/payment-batches", {"claim_ids": [claim.pk]})
    assert r.status_code == 403
    batch = api_client(cast.finance).post("/api/v1/payment-batches", {"claim_ids": [claim.pk]}).json()
    for user in (cast.institution, cast.dept, cast.trainee, cast.enterprise):
        assert api_client(user).get(f"/api/v1/payment-batches/{batch['id']}").status_code == 404
        assert api_client(user).get(f"/api/v1/payment-batches/{batch['id']}/file").status_code == 403
    assert api_client(cast.auditor).get(f"/api/v1/payment-batches/{batch['id']}").status_code == 200
    assert api_client(cast.finance).get("/api/v1/payment-batches/999999/file").status_code == 404
    r = api_client(cast.finance).post(f"/api/v1/payment-batches/{batch['id']}/result", {}, multipart=True)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "file"
    r = api_client(cast.finance).post("/api/v1/payment-batches", {"claim_ids": []})
    assert r.status_code == 400


def test_the_fund_balance_is_for_finance_hr_and_auditors(cast, api_client):
    assert api_client(cast.finance).get("/api/v1/fund/balance").status_code == 200
    assert api_client(cast.hr).get("/api/v1/fund/balance").status_code == 200
    assert api_client(cast.dept).get("/api/v1/fund/balance").status_code == 403


def test_a_trainee_applies_through_the_api(cast, api_client):
    cast.trainee_person.citizen_card = "330600001234"
    cast.trainee_person.save()
    registered(cast.trainee_person, "S-1", "四级", family="skill_level", issued_on=dt.date(2021, 3, 1))
    r = api_client(cast.trainee).post(
        "/api/v1/claims",
        {
            "scheme": "ui_skill_upgrade",
            "department": "jxj",
            "entitlement_date": "2021-04-01",
            "level": "中级",
            "certificate_no": "S-1",
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["amount"] == "1500.00" and r.json()["class"] is None
    # An old client's `department` is ignored: the competent department is derived (附件1).
    assert r.json()["department"] == "rsj" and "第19条" in r.json()["department_cite"]
    r = api_client(cast.trainee).post(
        "/api/v1/claims", {"scheme": "enterprise_competition", "department": "jxj"}
    )
    assert r.status_code == 400

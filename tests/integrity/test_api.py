"""The findings in the API (issue 11 item 7), with a real bearer token per role: the district's risk list
for HR and the auditor, one class's findings scoped as the pages are (the institution once a case is
opened; a class the caller may not see is 404), both in the OpenAPI schema."""

import pytest

from tests.integrity.factories import claim_finding, class_finding, open_case, person_finding
from tests.subsidies.factories import claims_for_class, finished_class

pytestmark = pytest.mark.django_db

LIST = "/api/v1/integrity/findings"


@pytest.fixture
def flagged(cast):
    claims = claims_for_class(cast, people=2)
    return class_finding(claims[0].klass)


@pytest.mark.parametrize("who", ["hr", "hradmin", "auditor"])
def test_hr_and_the_auditor_list_the_districts_findings(cast, api_client, flagged, who):
    r = api_client(getattr(cast, who)).get(LIST)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1
    (f,) = body["findings"]
    assert f["id"] == flagged.pk and f["signal"] == "cloned_checkins" and f["signal_name"] == "代签到"
    assert f["subject"] == {"type": "class", "id": flagged.klass.code} and f["class"] == flagged.klass.code
    assert f["score"] == "0.80" and f["flagged"] is True and f["status"] == "open"
    assert f["institution"] == cast.institution_org.code and f["department"] == cast.department.code
    assert f["evidence"] == flagged.evidence and f["cases"] == []


@pytest.mark.parametrize("who", ["dept", "finance", "institution", "enterprise", "trainee"])
def test_the_risk_list_is_403_for_other_roles(cast, api_client, flagged, who):
    r = api_client(getattr(cast, who)).get(LIST)
    assert r.status_code == 403
    assert "只有人社局和第三方评估" in r.json()["errors"][0]["message"]


def test_the_risk_list_filters_like_the_page(cast, api_client, flagged):
    claim = flagged.klass.claims.order_by("id").first()
    claim_finding(claim, score="0.60")
    person_finding(cast.trainee_person, score="0.40")
    other = class_finding(
        finished_class(cast, institution=cast.other_institution_org, department=cast.other_department),
        signal="backfilled",
    )
    client = api_client(cast.hr)

    def ids(**params):
        return [f["id"] for f in client.get(LIST, data=params).json()["findings"]]

    assert len(ids()) == 3  # min_score defaults to the flag: the 0.40 finding waits
    assert len(ids(min_score="0")) == 4
    assert ids(signal="backfilled") == [other.pk]
    assert ids(institution=cast.other_institution_org.code) == [other.pk]
    assert set(ids(department=cast.department.code)) == {flagged.pk, claim.findings.get().pk}
    assert ids(subject_type="person", min_score="0.3") == [cast.trainee_person.findings.get().pk]
    assert ids(status="cleared") == []
    page = client.get(LIST, data={"limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and len(page["findings"]) == 1
    assert [f["score"] for f in client.get(LIST).json()["findings"]] == ["0.80", "0.80", "0.60"]


@pytest.mark.parametrize("bad", ["x", "2", "-1"])
def test_a_bad_minimum_score_is_a_400_naming_the_field(cast, api_client, bad):
    r = api_client(cast.auditor).get(LIST, data={"min_score": bad})
    assert r.status_code == 400
    (error,) = r.json()["errors"]
    assert error["field"] == "min_score" and "0 到 1" in error["message"]


@pytest.mark.parametrize(
    "who,status,count",
    [
        ("hr", 200, 2),
        ("auditor", 200, 2),
        ("dept", 200, 2),
        ("finance", 200, 0),  # finance sees the class, not the findings (it reads the holds)
        ("institution", 200, 0),  # no case yet
        ("other_dept", 404, None),
        ("other_institution", 404, None),
        ("enterprise", 404, None),
        ("outsider", 404, None),
    ],
)
def test_a_classs_findings_are_scoped_like_its_page(cast, api_client, flagged, who, status, count):
    claim_finding(flagged.klass.claims.order_by("id").first(), score="0.30")
    r = api_client(getattr(cast, who)).get(f"/api/v1/classes/{flagged.klass.code}/findings")
    assert r.status_code == status
    if count is not None:
        assert r.json()["count"] == count


def test_the_institution_reads_its_classs_findings_once_a_case_is_opened(cast, api_client, flagged):
    url = f"/api/v1/classes/{flagged.klass.code}/findings"
    assert api_client(cast.institution).get(url).json()["count"] == 0
    case = open_case(cast, flagged)
    body = api_client(cast.institution).get(url).json()
    assert body["count"] == 1 and body["findings"][0]["cases"] == [case.code]


def test_an_unknown_class_is_404(cast, api_client):
    assert api_client(cast.hr).get("/api/v1/classes/NOPE/findings").status_code == 404


def test_both_endpoints_are_in_the_openapi_schema(cast, api_client):
    schema = api_client(cast.hr).get("/api/v1/openapi.json").json()
    assert "get" in schema["paths"]["/api/v1/integrity/findings"]
    assert "get" in schema["paths"]["/api/v1/classes/{code}/findings"]
    params = {p["name"] for p in schema["paths"]["/api/v1/integrity/findings"]["get"]["parameters"]}
    assert {"signal", "status", "institution", "department", "min_score", "subject_type", "limit"} <= params

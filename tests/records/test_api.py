"""GET /api/v1/me/record and /api/v1/people/{id}/record: the pages' scope, in the OpenAPI schema."""

import pytest


def test_me_record(cast, history, api_client):
    response = api_client(cast.trainee).get("/api/v1/me/record")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == cast.trainee_person.name and body["scope"] == "full"
    assert body["id_number"] == cast.trainee_person.id_masked
    assert {c["occupation"] for c in body["classes"]} == {"焊工", "电工"}
    assert body["subsidies"][0]["amount"] == "2400.00"
    assert body["level_reached"] == "中级"


def test_me_record_not_for_staff(cast, api_client):
    assert api_client(cast.hr).get("/api/v1/me/record").status_code == 404


def test_people_record_hr_and_institution(cast, history, api_client):
    path = f"/api/v1/people/{cast.trainee_person.pk}/record"
    assert len(api_client(cast.hr).get(path).json()["classes"]) == 2
    body = api_client(cast.institution).get(path).json()
    assert body["scope"] == "institution" and [c["occupation"] for c in body["classes"]] == ["焊工"]


@pytest.mark.parametrize("who", ["other_trainee", "dept", "finance", "enterprise", "auditor"])
def test_people_record_404_for_others(cast, history, api_client, who):
    response = api_client(getattr(cast, who)).get(f"/api/v1/people/{cast.trainee_person.pk}/record")
    assert response.status_code == 404


def test_unknown_person_404(cast, api_client):
    assert api_client(cast.hr).get("/api/v1/people/999999/record").status_code == 404


def test_in_openapi(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/me/record" in paths and "/api/v1/people/{person_id}/record" in paths


def test_schema_names_do_not_clash(client, db):
    """ninja keys components by class name: one of ours named like another router's would replace it."""
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "class_code" in schemas["RecordClassOut"]["properties"]
    assert "class_code" not in schemas["ClassOut"]["properties"]

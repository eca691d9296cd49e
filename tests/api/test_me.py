def test_me_answers_with_role_and_organisation(cast, api_client):
    me = api_client(cast.institution).get("/api/v1/me")
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "institution"
    assert body["role"] == "institution"
    assert body["organisation"]["kind"] == "institution"
    assert body["organisation"]["code"] == cast.institution_org.code


def test_no_token_or_a_bad_token_is_401(client, db):
    assert client.get("/api/v1/me").status_code == 401
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer su_nope"})
    assert response.status_code == 401


def test_a_revoked_token_stops_working(cast, api_client):
    from skillup.accounts.models import ApiToken

    api = api_client(cast.hr)
    ApiToken.objects.filter(user=cast.hr).update(revoked_at="2021-01-01T00:00:00+08:00")
    assert api.get("/api/v1/me").status_code == 401


def test_the_openapi_schema_and_docs_are_served(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/me" in schema.json()["paths"]


def test_the_interactive_docs_load_nothing_from_a_cdn(cast, login):
    page = login(cast.hr).get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "https://" not in html and "cdn.jsdelivr" not in html


def test_chinese_comes_back_as_utf8_text(cast, api_client):
    response = api_client(cast.institution).get("/api/v1/me")
    assert "charset=utf-8" in response["Content-Type"]
    assert "培训机构人员" in response.content.decode("utf-8")

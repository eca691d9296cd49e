"""Issue 10 item 5: input schemathesis found to answer 5xx. Each answers a 4xx in the API's error shape
(`{"errors": [{"row", "field", "message"}]}`), as JSON, with DEBUG off (the test default)."""

import json

import pytest
from django.test import Client

from tests.training.helpers import make_class


@pytest.fixture
def api(cast):
    """A client that answers 500s instead of raising them, signed in with an institution's token."""
    from skillup.accounts.services import api_token_create

    token = api_token_create(user=cast.institution, name="hostile")
    return Client(raise_request_exception=False, headers={"Authorization": f"Bearer {token}"})


def assert_api_error(response, status=400):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["errors"] and all(isinstance(e["message"], str) and e["message"] for e in body["errors"])
    return body["errors"]


def test_debug_is_off_in_these_tests(settings):
    assert settings.DEBUG is False


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/99999999999999999999999",
        "/api/v1/certificates/99999999999999999999999",
        "/api/v1/payment-batches/99999999999999999999999",
        "/api/v1/classes?year=99999999999999999999999",
        "/api/v1/classes?year=-1",
        "/api/v1/classes?year=10000",
        "/api/v1/classes?offset=99999999999999999999999",
        "/api/v1/classes?offset=-1",
        "/api/v1/claims?offset=99999999999999999999999",
        "/api/v1/claims?limit=99999999999999999999999",
        "/api/v1/certificates?offset=99999999999999999999999",
    ],
)
def test_integers_out_of_range_are_a_4xx(api, path):
    response = api.get(path)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/classes?status=%00",
        "/api/v1/classes/%00",
        "/api/v1/claims?q=a%00b",
        "/api/v1/occupations?q=%00",
    ],
)
def test_a_nul_in_the_path_or_query_is_400(api, path):
    errors = assert_api_error(api.get(path))
    assert "控制字符" in errors[0]["message"]


def test_a_nul_in_a_json_string_is_400_naming_the_field(api, cast):
    klass = make_class(cast.institution_org, cast.department)
    body = {"trainees": [{"id_number": "x", "name": "ok", "phone": "1", "groups": "企业职工"}] * 2}
    body["trainees"][1] = {**body["trainees"][1], "name": "王\x00五"}
    response = api.post(
        f"/api/v1/classes/{klass.code}/roster", json.dumps(body), content_type="application/json"
    )
    errors = assert_api_error(response)
    assert errors[0]["field"] == "name" and errors[0]["row"] == 2


def test_nan_hours_are_refused(api, cast):
    klass = make_class(cast.institution_org, cast.department, status="running")
    for hours in ("NaN", "Infinity", "-Infinity"):
        body = {"date": "2021-06-15", "starts_at": "09:00", "ends_at": "12:00", "hours": hours}
        response = api.post(
            f"/api/v1/classes/{klass.code}/sessions", json.dumps(body), content_type="application/json"
        )
        assert 400 <= response.status_code < 500, (hours, response.status_code, response.content[:300])
        assert response.json()["errors"]


def test_json_nested_thousands_deep_is_400(api):
    deep = "[" * 100_000 + "]" * 100_000
    response = api.post("/api/v1/quote", deep, content_type="application/json")
    assert_api_error(response)
    deep_object = '{"a":' * 5000 + "1" + "}" * 5000
    response = api.post("/api/v1/classes", deep_object, content_type="application/json")
    assert_api_error(response)


def test_a_body_over_20_mb_is_413(api):
    big = json.dumps([{"id": "x" * 1000}] * 21_000)
    errors = assert_api_error(api.post("/api/v1/quote", big, content_type="application/json"), status=413)
    assert "20" in errors[0]["message"]


def test_multipart_without_a_boundary_is_400(api, cast):
    klass = make_class(cast.institution_org, cast.department)
    for path in (f"/api/v1/classes/{klass.code}/roster", "/api/v1/certificates/import"):
        response = api.post(path, b"--x\r\n", content_type="multipart/form-data")
        assert_api_error(response)


def test_an_unknown_api_path_is_a_json_404(api):
    response = api.get("/api/v1/no-such-thing")
    assert_api_error(response, status=404)


def test_pages_keep_their_html_error_pages(cast):
    response = Client(raise_request_exception=False).get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_json_answers_name_their_charset_once(api):
    """Issue 10 item 9: the renderer's media type carried the charset that ninja appends again."""
    response = api.get("/api/v1/me")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_a_schema_mismatch_is_422_with_the_api_errors_beside_detail(api):
    response = api.get("/api/v1/classes?year=abc&offset=-1")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]  # the framework's own, kept for old clients
    assert {e["field"] for e in body["errors"]} == {"year", "offset"}
    assert all(e["message"] for e in body["errors"])


@pytest.mark.parametrize("amount", ["NaN", "sNaN", "Infinity"])
def test_amounts_that_are_not_finite_are_refused_by_the_services(cast, amount):
    from skillup.core.errors import RuleViolation
    from skillup.fund.services import budget_set
    from skillup.registry.services_facts import _money

    with pytest.raises(RuleViolation):
        budget_set(actor=cast.hr, department=cast.department, year=2021, amount=amount)
    with pytest.raises(RuleViolation):
        _money(amount, "amount")


def test_a_lone_surrogate_in_json_is_400(api, cast):
    """JSON may escape half a UTF-16 pair ("\\ud800"); no database encoding takes one."""
    body = '{"scheme": "vocational_certificate", "occupation": "\\ud800", "hours": 8, "start_date": "2021-06-15", "end_date": "2021-06-20", "capacity": 10}'
    errors = assert_api_error(api.post("/api/v1/classes", body, content_type="application/json"))
    assert errors[0]["field"] == "occupation" and "Unicode" in errors[0]["message"]


def test_a_bad_host_header_is_a_json_400_under_the_api(cast):
    response = Client(raise_request_exception=False, HTTP_HOST="evil.example").get("/api/v1/me")
    assert_api_error(response)


def test_a_server_error_in_the_api_is_json(api, monkeypatch):
    import skillup.registry.selectors_filing

    def broken(*args, **kwargs):
        raise RuntimeError("a bug, not bad input")

    monkeypatch.setattr(skillup.registry.selectors_filing, "current_filing_items", broken)
    errors = assert_api_error(api.get("/api/v1/me"), status=500)
    assert "a bug" not in errors[0]["message"]  # nothing of the exception leaks

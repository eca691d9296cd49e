"""Issue 10 item 5: schemathesis over the whole OpenAPI schema, in-process (WSGI), as three roles, with
no 5xx as the bar. Few examples per operation and a fixed seed (derandomised), so a run is quick and
reproducible; CI runs it on SQLite and PostgreSQL (.ci/run runs the whole suite on both). Successful
answers are also checked against their response schemas."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from skillup.accounts.services import api_token_create
from skillup.api import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = get_wsgi_application()

ROLES = ["institution", "hr", "trainee"]
# No 5xx (the bar), and a 2xx body matches the schema the API publishes.
CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance]


@pytest.fixture(autouse=True)
def _one_connection_for_the_test():
    """Django closes the database connection after each request, which on PostgreSQL would end the test's
    transaction; its test client unhooks that, and so does this for the plain WSGI calls."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=ROLES)
def token(request, cast):
    return api_token_create(user=getattr(cast, request.param), name="schemathesis")


@pytest.fixture
def real(cast):
    """Objects the generated ids can be swapped for, so that bodies reach the services, not only a 404:
    a running class of the cast's institution and a claim of a finished one (batch ids: none yet)."""
    from tests.subsidies.factories import claims_for_class
    from tests.training.helpers import file_for, make_class

    file_for(cast.institution_org)
    klass = make_class(cast.institution_org, cast.department, status="running")
    (claim,) = claims_for_class(cast, people=1)
    return {"code": klass.code, "claim_id": claim.pk, "cert_id": 1, "batch_id": 1}


@schema.parametrize()
@settings(max_examples=8, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_answer_5xx(case, token, real):
    headers = {"Authorization": f"Bearer {token}"}
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS)
    if case.path_parameters and set(case.path_parameters) <= set(real):
        case.path_parameters = {name: real[name] for name in case.path_parameters}
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

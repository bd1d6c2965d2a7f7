"""Property-based API tests generated from the service's own OpenAPI document (schemathesis).

Every operation gets generated requests; no response may be a server error, and every
response must match the document (status code, content type, body schema).
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from aanekoski_somepolicy._server.app import create_app
from aanekoski_somepolicy._server.settings import ServerSettings

from .conftest import CANARY
from .test_secrets import assert_clean

APP = create_app(ServerSettings())
APP.state.service.warm()
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)
# The coverage phase enumerates every boundary of every schema up front (minutes for the nine
# subject schemas); the fuzzing phase alone, with a modest example count, keeps CI fast.
SCHEMA.config.phases.coverage.enabled = False

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@SCHEMA.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(checks=CHECKS)


@SCHEMA.include(path="/v1/decisions").parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_a_generated_password_is_never_echoed(case: schemathesis.Case[Any]) -> None:
    if isinstance(case.body, dict):
        case.body["password"] = CANARY
    response = case.call()
    assert response.status_code < 500
    assert_clean(response.text)

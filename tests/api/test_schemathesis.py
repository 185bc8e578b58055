"""Property-based conformance: Schemathesis drives every operation of the OpenAPI document
in-process, up to 100 generated cases per operation for valid data and 100 for invalid data
(an operation without parameters has fewer distinct cases), signed in as a coordinator (who
may call every route), and applies every check it has: no server error, and every status,
header, media type and body as documented."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS

from pledgeflow.service import users
from pledgeflow.service.access import Role

CASES_PER_OPERATION = 100
# Operations that take no parameter and no body: no invalid request exists for them.
PARAMETERLESS = {"GET /audit/checkpoint", "GET /public/summary", "GET /reports/summary"}
# Schema-valid requests may still name a missing record or break a domain rule (422), hold a
# stale or no If-Match (412, 428): these are documented answers, not over-strict validation.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", 401, 403, 404, 409, 412, 422, 428, 429]
            }
        }
    }
)


def _register_coordinator(schema: Any, sign_in: Callable[[Role], dict[str, str]]) -> None:
    """Every case is signed in as a coordinator through Schemathesis' own auth hook, so the
    checks know which credentials were sent. Logout revokes the token it is sent with, so
    each logout case gets a session of its own (a cache key never seen before)."""

    def cache_key(case: schemathesis.Case, _: object) -> str:
        return uuid.uuid4().hex if case.path == "/auth/logout" else "coordinator"

    @schema.auth(cache_by_key=cache_key)
    class Coordinator:
        def get(self, case: schemathesis.Case, ctx: object) -> str:
            return sign_in(Role.COORDINATOR)["Authorization"]

        def set(self, case: schemathesis.Case, data: str, ctx: object) -> None:
            case.headers = {**(case.headers or {}), "Authorization": data}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_conforms_to_the_openapi_document(
    app: FastAPI, sign_in: Callable[[Role], dict[str, str]], mode: GenerationMode
) -> None:
    """Every valid case must pass authentication: a 401 would mean the run tested nothing.
    Only operations without parameters may lack invalid cases."""
    # Generated logins all come from one test client; the per-client login limit (tested in
    # tests/security) would soon refuse the coordinator's own sign-in, which is not under test.
    app.state.throttle = users.LoginThrottle(client_limit=1_000_000)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)
    _register_coordinator(schema, sign_in)
    checks = CHECKS.get_all()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    without_invalid_inputs = []
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode, auth_storage=schema.auth))
        @settings(
            max_examples=CASES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case: schemathesis.Case) -> None:
            response = case.call_and_validate(checks=checks)
            if mode is GenerationMode.POSITIVE and case.path != "/auth/login":
                assert response.status_code != 401, response.text

        try:
            conforms()
        except Unsatisfiable:
            if mode is GenerationMode.POSITIVE:
                raise
            without_invalid_inputs.append(f"{operation.method.upper()} {operation.path}")
    assert set(without_invalid_inputs) <= PARAMETERLESS

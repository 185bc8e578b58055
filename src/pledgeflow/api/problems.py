"""RFC 9457 problem details: every error the API returns, naming the field when there is one.

Service and domain errors map to statuses here and nowhere else, so routes stay free of
try/except and a new error kind is answered consistently everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException

from pledgeflow.adapters.lock_waits import is_lock_wait
from pledgeflow.domain.errors import DomainError
from pledgeflow.service.errors import NotFound, NotInitialised, Rejected, ServiceError
from pledgeflow.service.idempotency import KeyInFlight, KeyReused
from pledgeflow.service.records import Conflict, Forbidden, StaleVersion
from pledgeflow.service.users import LoginRefused, Throttled

MEDIA_TYPE = "application/problem+json"


class FieldProblem(BaseModel):
    field: str
    reason: str


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] = []


class ProblemError(Exception):
    """Raised by the API layer itself (authentication, preconditions)."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Content too large",
    422: "Unprocessable content",
    428: "Precondition required",
    429: "Too many requests",
    503: "Service unavailable",
}

_STATUS: Sequence[tuple[type[Exception], int]] = (
    (NotFound, 404),
    (Forbidden, 403),
    (StaleVersion, 412),
    (Conflict, 409),
    (KeyInFlight, 409),
    (KeyReused, 422),
    (Rejected, 422),
    (LoginRefused, 401),
    (Throttled, 429),
    (NotInitialised, 503),
    (ServiceError, 409),
)


def problem(
    status: int,
    detail: str,
    errors: Sequence[FieldProblem] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(title=TITLES.get(status, "Error"), status=status, detail=detail)
    body.errors = list(errors)
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status, media_type=MEDIA_TYPE, headers=headers
    )


def _location(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:] or parts
    return ".".join(parts)


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [FieldProblem(field=_location(e["loc"]), reason=str(e["msg"])) for e in exc.errors()]
    return problem(422, "the request does not match its schema", errors)


async def _service(_: Request, exc: Exception) -> JSONResponse:
    status = next(code for kind, code in _STATUS if isinstance(exc, kind))
    errors = []
    if isinstance(exc, Rejected):
        errors = [_field_problem(p) for p in exc.problems]
    return problem(status, str(exc), errors)


def _field_problem(item: object) -> FieldProblem:
    text = str(item)
    field, sep, reason = text.partition(": ")
    return FieldProblem(field=field, reason=reason) if sep else FieldProblem(field="", reason=text)


async def _domain(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem(422, str(exc), [FieldProblem(field=exc.field, reason=exc.reason)])


async def _raised(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem(exc.status, exc.detail, headers=exc.headers)


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return problem(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))


RETRY_AFTER_S = 2


async def _database(_: Request, exc: Exception) -> JSONResponse:
    """A write that waited too long for the database answers 503 with Retry-After; any other
    database error is a bug and stays a 500."""
    if not is_lock_wait(exc):
        raise exc
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    return problem(503, "the database is busy; try again shortly", headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DBAPIError, _database)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(ServiceError, _service)
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(ProblemError, _raised)
    app.add_exception_handler(HTTPException, _http)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problem statuses a route may answer."""
    return {
        status: {
            "model": Problem,
            "description": TITLES[status],
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }

"""What routes share: the container, the caller, the policy guard, paging and request headers.

`guard(action, resource)` is the only way a route states who may call it: it adds the policy
check as a dependency and records (action, resource) in the OpenAPI document as `x-access`,
which the role × route test reads to compare every route with the policy table.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Depends, Header, Query, Request
from fastapi.security import APIKeyCookie, HTTPBearer
from pydantic import BeforeValidator

from pledgeflow.api.problems import ProblemError, responses
from pledgeflow.bootstrap import Container
from pledgeflow.service import users
from pledgeflow.service.access import ANONYMOUS, Action, Principal, Resource, Role, allowed
from pledgeflow.service.idempotency import request_digest

COOKIE = "pledgeflow_session"
_BEARER = re.compile(r"Bearer ([A-Za-z0-9_\-]{20,100})")
_bearer_scheme = HTTPBearer(auto_error=False, description="a session or API token")
_cookie_scheme = APIKeyCookie(name=COOKIE, auto_error=False, description="the login cookie")


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def presented_token(request: Request) -> str | None:
    """The token from `Authorization: Bearer`, else from the login cookie."""
    header = request.headers.get("authorization")
    if header is not None:
        match = _BEARER.fullmatch(header)
        if match is None:
            raise ProblemError(401, "malformed Authorization header", _challenge())
        return match.group(1)
    return request.cookies.get(COOKIE)


def _challenge() -> dict[str, str]:
    return {"WWW-Authenticate": "Bearer"}


def current_principal(request: Request) -> Principal:
    """The caller, authenticated once per request (the result is kept on request.state)."""
    known: Principal | None = getattr(request.state, "principal", None)
    if known is not None:
        return known
    token = presented_token(request)
    principal = ANONYMOUS
    if token is not None:
        found = users.authenticate(get_container(request).uow(), token)
        if found is None:
            raise ProblemError(401, "the token is unknown, expired or revoked", _challenge())
        principal = found
    request.state.principal = principal
    return principal


Who = Annotated[Principal, Depends(current_principal)]


def _require(action: Action, resource: Resource) -> Any:
    """The policy check; a cell open to the public needs no credentials, so a stale cookie
    never stands between a person and the login form."""
    open_to_all = allowed(ANONYMOUS, action, resource)

    def check(request: Request) -> None:
        if open_to_all:
            return
        principal = current_principal(request)
        if allowed(principal, action, resource):
            return
        if principal.role is Role.PUBLIC:
            raise ProblemError(401, "sign in to do this", _challenge())
        raise ProblemError(403, f"role {principal.role} may not {action} {resource}")

    return check


def guard(
    action: Action, resource: Resource, *statuses: int, media_type: str | None = None
) -> dict[str, Any]:
    """Decorator arguments that enforce and document the policy cell (action, resource);
    `media_type` documents a success answer that is text rather than JSON."""
    dependencies = [Depends(_require(action, resource))]
    if not allowed(ANONYMOUS, action, resource):
        dependencies += [Depends(_bearer_scheme), Depends(_cookie_scheme)]
    extra = {"x-access": {"action": action.value, "resource": resource.value}}
    codes = sorted({400, 401, 403, 422, *statuses})
    documented = responses(*codes)
    if media_type is not None:
        documented[200] = {"content": {media_type: {"schema": {"type": "string"}}}}
    return {"dependencies": dependencies, "openapi_extra": extra, "responses": documented}


def _digits(value: object) -> object:
    """Query text for an integer must be written as one: Pydantic would take "2.0" as 2,
    which the OpenAPI document (type integer) does not allow."""
    if isinstance(value, str) and not re.fullmatch(r"[+-]?\d+", value.strip()):
        raise ValueError("must be a whole number written with digits only")
    return value


WholeNumber = Annotated[int, BeforeValidator(_digits)]


def paging(
    limit: Annotated[WholeNumber, Query(ge=1, le=500, description="page size")] = 100,
    offset: Annotated[WholeNumber, Query(ge=0, le=1_000_000_000, description="rows to skip")] = 0,
) -> tuple[int, int]:
    return limit, offset


Paging = Annotated[tuple[int, int], Depends(paging)]
_KEY_PATTERN = r"^[A-Za-z0-9_\-:.]{1,200}$"


async def idempotency(
    request: Request,
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            pattern=_KEY_PATTERN,
            description="same key and body: the first response again, and no second effect",
        ),
    ] = None,
) -> tuple[str, str] | None:
    """(key, digest of method, path and body) when the client sent a key."""
    if key is None:
        return None
    body = await request.body()
    return key, request_digest(request.method, request.url.path, body)


IdempotencyKey = Annotated[tuple[str, str] | None, Depends(idempotency)]


def if_match(
    value: Annotated[
        str | None,
        Header(alias="If-Match", max_length=100, description="the ETag of the version you read"),
    ] = None,
) -> str:
    if value is None:
        raise ProblemError(428, "send If-Match with the ETag of the version you read")
    return value


IfMatch = Annotated[str, Depends(if_match)]

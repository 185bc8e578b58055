"""Login, logout and the signed-in user.

Login sets an HttpOnly, SameSite=Strict cookie for the web UI and returns the same token for
API clients. These routes take no Idempotency-Key: replaying a login would mean storing a
live token in clear.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from pledgeflow.api.deps import COOKIE, Who, guard, presented_token
from pledgeflow.api.routes.paths import Box
from pledgeflow.api.schemas.sessions import LoginCreate, SessionPublic, UserPublic
from pledgeflow.service import users
from pledgeflow.service.access import Action, Resource

router = APIRouter(tags=["sessions"])


@router.post(
    "/auth/login", response_model=SessionPublic, **guard(Action.CREATE, Resource.SESSIONS, 429)
)
def login(request: Request, box: Box, body: LoginCreate) -> JSONResponse:
    throttle: users.LoginThrottle = request.app.state.throttle
    client = request.client.host if request.client else ""
    token, principal = users.login(box.uow(), throttle, body.name, body.password, client)
    session = SessionPublic(token=token, user=UserPublic.of(principal))
    response = JSONResponse(session.model_dump(mode="json"))
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(users.SESSION_TTL.total_seconds()),
        httponly=True,
        secure=True,
        samesite="strict",
    )
    return response


@router.post(
    "/auth/logout",
    status_code=204,
    response_class=Response,
    **guard(Action.DELETE, Resource.SESSIONS),
)
def logout(request: Request, box: Box, who: Who) -> Response:
    """Revokes the token this request presented (session or API token)."""
    token = presented_token(request)
    if token is not None:
        users.logout(box.uow(), token)
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, httponly=True, secure=True, samesite="strict")
    return response


@router.get("/auth/me", response_model=UserPublic, **guard(Action.READ, Resource.SESSIONS))
def me(who: Who) -> UserPublic:
    return UserPublic.of(who)

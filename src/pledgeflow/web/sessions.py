"""Signing in and out of the UI with the API's own session cookie, and CSRF protection.

The cookie is the one `/auth/login` sets (HttpOnly, SameSite=Strict), issued by the same
`users.login`, so the UI adds no second way in. SameSite=Strict already keeps other sites'
forms from carrying it; as a second wall every form also carries a token derived from the
session token (a keyed hash, so it reveals nothing of the token and dies with the session),
and a POST without the matching token changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pledgeflow.api.deps import COOKIE, get_container
from pledgeflow.service import users
from pledgeflow.service.access import (
    ANONYMOUS,
    Action,
    Principal,
    Resource,
    Role,
    allowed,
    describe,
)
from pledgeflow.web.rendering import render

router = APIRouter()
_CSRF_KEY = b"pledgeflow web form token"


@dataclass(frozen=True)
class Viewer:
    """Who is looking at a page, and the CSRF token their forms must send back."""

    principal: Principal
    csrf: str = ""

    @property
    def signed_in(self) -> bool:
        return self.principal.role is not Role.PUBLIC

    def may(self, action: str, resource: str) -> bool:
        return allowed(self.principal, Action(action), Resource(resource))

    @property
    def described(self) -> str:
        """The viewer's role and scope in words, for the header."""
        return describe(self.principal)


class PageRefused(Exception):
    """A page the viewer may not open: 401 sends them to sign in, 403 explains, 404 hides."""

    def __init__(self, viewer: Viewer, status: int, message: str) -> None:
        super().__init__(message)
        self.viewer = viewer
        self.status = status
        self.message = message


def csrf_token(session_token: str) -> str:
    return hmac.new(_CSRF_KEY, session_token.encode(), hashlib.sha256).hexdigest()


def current_viewer(request: Request) -> Viewer:
    """The signed-in user of the cookie; an unknown or expired cookie reads as anonymous."""
    token = request.cookies.get(COOKIE)
    if token is None:
        return Viewer(ANONYMOUS)
    principal = users.authenticate(get_container(request).uow(), token)
    if principal is None:
        return Viewer(ANONYMOUS)
    return Viewer(principal, csrf_token(token))


Looker = Annotated[Viewer, Depends(current_viewer)]


def require(viewer: Viewer, action: Action, resource: Resource) -> Principal:
    """The policy table's answer for this page: the principal, or a refusal page."""
    if allowed(viewer.principal, action, resource):
        return viewer.principal
    if not viewer.signed_in:
        raise PageRefused(viewer, 401, "sign in to open this page")
    raise PageRefused(
        viewer, 403, f"your role ({viewer.principal.role}) may not {action} {resource}"
    )


def _same_origin(request: Request) -> bool:
    """A browser names the page a POST came from in Origin; another site's page is refused,
    which also stops a forged login form from signing a victim into the forger's account."""
    origin = request.headers.get("origin")
    return origin is None or origin == "null" or urlsplit(origin).netloc == request.url.netloc


async def checked_form(request: Request, viewer: Viewer) -> dict[str, str]:
    """The posted fields, once the form's CSRF token matches the viewer's session."""
    if not _same_origin(request):
        raise PageRefused(viewer, 403, "the form was sent from another site")
    form = await request.form()
    sent = form.get("csrf")
    if not viewer.signed_in or not isinstance(sent, str):
        raise PageRefused(viewer, 403, "the form is missing its security token; reload the page")
    if not hmac.compare_digest(sent, viewer.csrf):
        raise PageRefused(viewer, 403, "the form's security token does not match; reload the page")
    return {k: v.strip() for k, v in form.items() if isinstance(v, str) and k != "csrf"}


def _safe_next(target: str) -> str:
    """Only local paths: a login link must not bounce the user to another site."""
    return target if target.startswith("/ui") and "//" not in target else "/ui/"


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=303)


@router.get("/ui/login")
def login_page(request: Request, viewer: Looker, next: str = "/ui/") -> HTMLResponse:
    return render(request, viewer, "login.html.j2", {"next": _safe_next(next), "error": ""})


@router.post("/ui/login", response_model=None)
def login(
    request: Request,
    viewer: Looker,
    name: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=500)] = "/ui/",
) -> Response:
    if not _same_origin(request):
        raise PageRefused(viewer, 403, "the form was sent from another site")
    throttle: users.LoginThrottle = request.app.state.throttle
    try:
        client = request.client.host if request.client else ""
        token, _ = users.login(get_container(request).uow(), throttle, name, password, client)
    except (users.LoginRefused, users.Throttled) as error:
        context = {"next": _safe_next(next), "error": str(error), "name": name}
        return render(request, viewer, "login.html.j2", context, status=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(users.SESSION_TTL.total_seconds()),
        httponly=True,
        secure=True,
        samesite="strict",
    )
    return response


@router.post("/ui/logout")
async def logout(request: Request, viewer: Looker) -> RedirectResponse:
    await checked_form(request, viewer)
    token = request.cookies.get(COOKIE)
    if token is not None:
        users.logout(get_container(request).uow(), token)
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(COOKIE, httponly=True, secure=True, samesite="strict")
    return response

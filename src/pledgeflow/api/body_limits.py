"""Request body limits, enforced while the body streams in, before anything buffers it.

A route that reads its body (JSON, a form, an upload) would otherwise hold all of it in
memory: half a gibibyte sent to the login form took the server past 1.7 GiB. The limit is
checked twice: against Content-Length before a byte is read, and against the bytes actually
received, for chunked bodies or a Content-Length that lies. Uploads (multipart forms) get the
larger limit; every other body the JSON one.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pledgeflow.api.problems import problem
from pledgeflow.config import Settings


class BodyTooLarge(HTTPException):
    """Raised from `receive` so FastAPI's body reading passes it on as a 413 problem."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {limit} bytes")


@dataclass(frozen=True, slots=True)
class BodyLimits:
    """Reads the settings at each request, so an operator's change needs no new app."""

    settings: Settings

    def of(self, scope: Scope) -> int:
        headers = dict(scope.get("headers") or [])
        kind = headers.get(b"content-type", b"").decode("latin-1").lower()
        if kind.startswith("multipart/form-data"):
            return self.settings.max_upload_bytes
        return self.settings.max_json_body_bytes


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.of(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(scope, receive, send, limit)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:
                raise
            await _refuse(scope, receive, send, limit)


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    """Answer 413 and close: the rest of the body is never read."""
    response = problem(413, str(BodyTooLarge(limit).detail), headers={"Connection": "close"})
    await response(scope, receive, send)

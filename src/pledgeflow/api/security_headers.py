"""Security headers on every answer, pages and API alike.

The Content-Security-Policy allows scripts, styles and images from this server only: no
inline script, no other origin, no plugin, no framing (`frame-ancestors 'none'`), forms
posting back here only. The vendored htmx is served from /static. The interactive API
documentation (/docs) is under the same policy: its Swagger UI is vendored under /static and
started by a script file, with no inline script, and sets its styles through the DOM, which the
policy allows (a browser test checks it renders with no violation). ReDoc is not served: it
would load its script from a CDN. Nothing but the static assets may be cached: pages and API
answers may hold restricted rows.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_FIXED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def headers_for(path: str) -> dict[str, str]:
    cache = "public, max-age=3600" if path.startswith("/static/") else "no-store"
    return {"Content-Security-Policy": POLICY, "Cache-Control": cache, **_FIXED}


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = headers_for(scope["path"])

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)

"""Point 3: a body over its limit is answered 413 while it streams, before it is buffered.

Memory stays bounded: bench/body_limits.py sends the 512 MiB body of the report to a real
server and prints its RSS; here the test shows the body is never read past the limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI
from fastapi.testclient import TestClient

from pledgeflow.service.access import Role

MIB = 1024 * 1024


def _drive(
    app: FastAPI, path: str, headers: dict[str, str], total: int, head: bytes = b""
) -> tuple[int, int]:
    """Send a chunked body of `total` bytes straight to the ASGI app, as a server would; the
    answer's status and how many bytes the app pulled before answering."""
    chunk = 64 * 1024
    pulled = 0
    statuses: list[int] = []

    async def receive() -> dict[str, object]:
        nonlocal pulled
        body = head if pulled == 0 and head else b" " * chunk
        pulled += len(body)
        return {"type": "http.request", "body": body, "more_body": pulled < total}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(int(message["status"]))  # type: ignore[call-overload]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 443),
        "state": {},
    }
    # On a thread of its own: after the browser tests, Playwright's sync API keeps an event loop
    # running on the main thread, where asyncio.run() refuses to start another.
    with ThreadPoolExecutor(1) as runner:
        runner.submit(asyncio.run, app(scope, receive, send)).result()  # type: ignore[arg-type]
    return statuses[0], pulled


def test_an_anonymous_login_body_over_the_limit_is_413_by_its_length(client: TestClient) -> None:
    answer = client.post(
        "/auth/login",
        content=b"{" + b" " * (2 * MIB) + b"}",
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"
    assert "limit" in answer.json()["detail"]


def test_a_chunked_body_is_cut_off_once_past_the_limit(app: FastAPI) -> None:
    headers = {"content-type": "application/json", "transfer-encoding": "chunked"}
    status, pulled = _drive(app, "/auth/login", headers, 64 * MIB)
    assert status == 413
    assert pulled <= 2 * MIB


def test_a_coordinator_upload_over_its_limit_is_413(
    app: FastAPI, sign_in: Callable[[Role], dict[str, str]]
) -> None:
    app.state.container.settings.max_upload_bytes = MIB
    headers = sign_in(Role.COORDINATOR) | {
        "content-type": "multipart/form-data; boundary=x",
        "transfer-encoding": "chunked",
    }
    part = (
        b'--x\r\nContent-Disposition: form-data; name="workbook"; filename="big.xlsx"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
    )
    status, pulled = _drive(app, "/ui/import", headers, 16 * MIB, part)
    assert status == 413
    assert pulled <= 2 * MIB


def test_a_body_under_the_limit_still_works(client: TestClient) -> None:
    answer = client.post("/auth/login", json={"name": "nobody", "password": "wrong-password"})
    assert answer.status_code == 401

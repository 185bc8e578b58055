"""Issue 16, point 3: a huge body against a real server, and the server's memory after it.

Sends a 512 MiB body to /auth/login as an anonymous client (declared length, and chunked
with no length), then a 1 GiB multipart upload to /ui/import as a signed-in coordinator, and
prints each answer with the server's resident memory (VmRSS now, VmHWM peak) from /proc. The
limit is answered 413 while the body streams, so the peak must stay far under 300 MiB.
Before the fix: 1.7 GiB for the login body, 3.2 GiB for the upload.

    .venv/bin/python bench/body_limits.py
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_server import LiveServer, live_server

from pledgeflow.bootstrap import Container
from pledgeflow.service import users
from pledgeflow.service.access import Role

MIB = 1024 * 1024
PASSWORD = "bench password"


def seed(container: Container) -> None:
    users.add_user(container.uow(), "coordinator", PASSWORD, Role.COORDINATOR)


def stream(total: int, head: bytes = b"") -> Iterator[bytes]:
    yield head
    block = b" " * MIB
    for _ in range(total // MIB):
        yield block


def memory(server: LiveServer) -> str:
    return f"RSS {server.rss_mib():.0f} MiB, peak {server.peak_rss_mib():.0f} MiB"


def send(client: httpx.Client, path: str, body: Iterator[bytes], headers: dict[str, str]) -> str:
    try:
        return str(client.post(path, content=body, headers=headers).status_code)
    except httpx.TransportError as error:
        return f"connection closed by the server ({type(error).__name__})"


def main() -> int:
    with (
        live_server("sqlite", seed) as server,
        httpx.Client(base_url=server.base_url, timeout=120) as client,
    ):
        print(f"server RSS at start: {server.rss_mib():.0f} MiB")
        json = {"content-type": "application/json"}
        declared = json | {"content-length": str(512 * MIB)}
        for label, headers in (
            ("512 MiB login, declared", declared),
            ("512 MiB login, chunked", json),
        ):
            status = send(client, "/auth/login", stream(512 * MIB), headers)
            print(f"{label}: {status}; {memory(server)}")
        login = client.post("/auth/login", json={"name": "coordinator", "password": PASSWORD})
        token = login.json()["token"]
        part = (
            b'--x\r\nContent-Disposition: form-data; name="workbook"; filename="big.xlsx"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n"
        )
        headers = {
            "authorization": f"Bearer {token}",
            "content-type": "multipart/form-data; boundary=x",
        }
        status = send(client, "/ui/import", stream(1024 * MIB, part), headers)
        print(f"1 GiB upload as coordinator: {status}; {memory(server)}")
        peak = server.peak_rss_mib()
    print(f"peak RSS {peak:.0f} MiB: {'under' if peak < 300 else 'OVER'} 300 MiB")
    return 0 if peak < 300 else 1


if __name__ == "__main__":
    raise SystemExit(main())

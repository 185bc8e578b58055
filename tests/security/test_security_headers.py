"""Point 4: every page and API answer carries the security headers; restricted data is never
cached; the UI ships no inline script (the browser test checks it works under the policy)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import pledgeflow.web
from pledgeflow.service.access import Role

TEMPLATES = Path(pledgeflow.web.__file__).parent / "templates"


def _strict(answer_headers: object) -> None:
    headers = dict(answer_headers)  # type: ignore[call-overload]
    policy = headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(
    "path", ["/auth/me", "/pledges", "/ui/login", "/ui/", "/openapi.json", "/no-such-page"]
)
def test_anonymous_answers_carry_the_headers(client: TestClient, path: str) -> None:
    answer = client.get(path, follow_redirects=False)
    _strict(answer.headers)
    assert answer.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", ["/pledges", "/requirements", "/ui/pledges", "/plans"])
def test_restricted_data_is_never_stored(
    client: TestClient, sign_in: Callable[[Role], dict[str, str]], path: str
) -> None:
    answer = client.get(path, headers=sign_in(Role.COORDINATOR))
    assert answer.status_code == 200
    _strict(answer.headers)
    assert answer.headers["cache-control"] == "no-store"


def test_htmx_is_served_from_the_package(client: TestClient) -> None:
    answer = client.get("/static/htmx.min.js")
    assert answer.status_code == 200
    assert "javascript" in answer.headers["content-type"]
    _strict(answer.headers)


def test_no_template_holds_inline_script_or_handlers() -> None:
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    for template in TEMPLATES.glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        assert not inline_script.search(text), template.name
        assert not handler.search(text), template.name
        assert "javascript:" not in text, template.name


def test_htmx_is_told_not_to_inject_inline_styles(client: TestClient) -> None:
    page = client.get("/ui/login").text
    assert '"includeIndicatorStyles": false' in page


def test_api_docs_are_under_the_strict_policy_and_redoc_is_not_served(
    client: TestClient,
) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    _strict(docs.headers)
    assert "<script>" not in docs.text, "Swagger UI starts from a script file"
    assert client.get("/redoc").status_code == 404

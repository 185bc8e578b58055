"""The UI works under the strict Content-Security-Policy (issue 16, point 4): sign in, post a
form, filter a list through htmx, with no policy violation reported by the browser."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


def test_sign_in_a_form_post_and_htmx_work_with_no_csp_violation(
    page: Any, live_server: str
) -> None:
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(f"{m.type}: {m.text} at {m.location.get('url', '')}"),
    )
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    policies: list[str] = []
    page.on(
        "response",
        lambda answer: policies.append(answer.headers.get("content-security-policy", "")),
    )
    sign_in(page, live_server, "donor_liaison")
    page.click("text=Pledges")
    page.click("text=Record a pledge")
    page.fill("#f-id", "P-POL-CSP")
    page.fill("#f-item", "GEN-10")
    page.fill("#f-quantity", "3")
    page.fill("#f-available_from", "2026-12-01")
    page.fill("#f-origin", "DEP-POL")
    page.click("text=Record pledge")
    page.wait_for_url("**/ui/pledges?recorded=P-POL-CSP")
    page.evaluate("window.pageMarker = 'kept'")
    page.select_option("#f-status", "announced")
    page.wait_for_url("**/ui/pledges?**status=announced**")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length >= 1")
    assert "P-POL-CSP" in page.locator("#results").inner_text()
    assert page.evaluate("window.pageMarker") == "kept", "htmx swapped the table in place"
    assert policies
    assert all("frame-ancestors 'none'" in p for p in policies)
    violations = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    assert violations == []
    errors = [m for m in console if m.startswith(("error", "pageerror"))]
    assert all(m.endswith("/favicon.ico") for m in errors), errors


def test_api_docs_render_under_the_strict_policy(page: Any, live_server: str) -> None:
    """Swagger UI (vendored, started by docs.js) under the same policy as every page: no
    'unsafe-inline' for /docs, and the browser reports no violation while it renders and an
    operation is opened."""
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    answer = page.goto(f"{live_server}/docs")
    assert "unsafe-inline" not in answer.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    page.locator(".opblock-summary").first.click()
    page.wait_for_selector(".opblock-body", timeout=10_000)
    page.wait_for_timeout(500)
    assert page.locator(".opblock-tag").count() >= 5
    violations = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    assert violations == [], violations
    errors = [m for m in console if m.startswith(("error", "pageerror"))]
    assert errors == [], errors

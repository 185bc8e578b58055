"""The public tracker in a real browser, under a strict Content-Security-Policy: no sign-in,
its pygal charts drawn with no console error at desktop and phone width."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pledgeflow.api.security_headers import POLICY
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_demo_pages import demo_with_deliveries

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_public_tracker_renders_charts_without_console_errors(
    browser: Any, serve: Callable[..., str], width: int
) -> None:
    """The app's own strict policy (api/security_headers.py) is what the browser enforces."""
    base = serve(demo_with_deliveries)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    answer = page.goto(f"{base}/ui/public")
    assert answer is not None
    assert answer.status == 200
    assert answer.headers["content-security-policy"] == POLICY
    assert "'unsafe-inline'" not in POLICY
    charts = page.locator("svg.pygal-chart")
    assert charts.count() == 4
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None
        assert box["width"] >= min(width - 80, 500), "a chart is wide enough to read"
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width, "wide charts and tables scroll in their frames, not the page"
    rects = page.locator("svg.pygal-chart .series rect")
    assert rects.count() > 10
    fill = rects.first.evaluate("r => getComputedStyle(r).fill")
    assert fill != "rgb(0, 0, 0)", "the served chart style sheet coloured the bars"
    assert page.locator("svg.pygal-chart title").first.text_content()
    assert page.locator("a[href='/public/charts/monthly.csv']").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"public-tracker-{width}.png"), full_page=True)
    context.close()
    assert problems == [], (problems, missing)

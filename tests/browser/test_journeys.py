"""Two journeys in a real browser: a donor liaison records a pledge; a coordinator plans."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, screenshot
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/ui/")
    assert "/ui/login" in page.url, "an anonymous visitor is sent to the login page"
    page.fill("#f-name", name)
    page.fill("#f-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/ui/")
    assert page.locator("header .who").inner_text().startswith(name)


def test_donor_liaison_records_a_pledge_and_sees_it_listed(page: Any, live_server: str) -> None:
    sign_in(page, live_server, "donor_liaison")
    page.click("text=Pledges")
    page.click("text=Record a pledge")
    assert page.input_value("#f-donor") == "POL"
    page.fill("#f-id", "P-POL-WEB")
    page.fill("#f-item", "GEN-10")
    page.fill("#f-quantity", "2.5.1")
    page.fill("#f-available_from", "2026-12-01")
    page.fill("#f-origin", "DEP-POL")
    page.click("text=Record pledge")
    assert "a number" in page.locator("#e-quantity").inner_text()
    page.fill("#f-quantity", "6")
    page.fill("#f-origin", "DEP-NOWHERE")
    page.click("text=Record pledge")
    assert "does not exist" in page.locator("#e-origin").inner_text()
    screenshot(page, "pledge-form-errors")
    page.fill("#f-origin", "DEP-POL")
    page.click("text=Record pledge")
    page.wait_for_url("**/ui/pledges?recorded=P-POL-WEB")
    assert "Pledge P-POL-WEB recorded" in page.locator(".notice").inner_text()
    listed = page.locator("#results tbody tr", has_text="P-POL-WEB")
    assert listed.count() == 1
    assert "P-DEU-SECRET" not in page.locator("#results").inner_text()
    screenshot(page, "pledges")


def test_coordinator_runs_a_plan_and_sees_reasons_and_charts(page: Any, live_server: str) -> None:
    sign_in(page, live_server, "coordinator")
    page.click("nav >> text=Plans")
    page.fill("#f-as_of", "2026-11-20")
    page.click("text=Run plan")
    page.wait_for_url("**/ui/plans/1")
    shortfalls = page.locator("table.shortfalls").inner_text()
    assert "R-ODESA" in shortfalls
    assert "no_route" in shortfalls
    chart = page.locator("svg.chart[aria-label^='Fill by priority']")
    assert chart.count() == 1
    assert chart.bounding_box()["width"] > 300
    screenshot(page, "plan")
    page.click("text=Approve plan")
    page.wait_for_url("**/ui/plans/1")
    assert page.locator("h1 .tag").inner_text() == "approved"
    page.click("nav >> text=Dashboard")
    assert page.locator("svg.chart").count() == 4
    screenshot(page, "dashboard")
    assert (ARTIFACTS / "dashboard-1280.png").stat().st_size > 0


def test_list_filters_update_the_table_in_place(page: Any, live_server: str) -> None:
    """The vendored htmx swaps only the table and puts the filter into the address."""
    sign_in(page, live_server, "coordinator")
    page.click("nav >> text=Pledges")
    page.evaluate("window.pageMarker = 'kept'")
    assert page.locator("#results tbody tr").count() == 3
    page.select_option("#f-status", "committed")
    page.fill("#f-donor", "DEU")
    page.press("#f-donor", "Enter")
    page.wait_for_url("**/ui/pledges?donor=DEU**")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    assert "P-DEU-SECRET" in page.locator("#results").inner_text()
    assert page.evaluate("window.pageMarker") == "kept", "the page was not reloaded"

"""Issue 14 in a real browser: one figure everywhere (point 2), the air-gapped API docs and
charts at phone width (point 9), and each role's part of the plan (point 10). Screenshots go
to test-artifacts/browser/."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import pytest

from pledgeflow.bootstrap import Container
from pledgeflow.service import plans, users
from pledgeflow.service.access import Role
from tests.browser.conftest import ARTIFACTS, screenshot
from tests.browser.test_journeys import sign_in
from tests.e2e.test_one_figure_everywhere import AS_OF, _deliver_r1, mission
from tests.web.conftest import PASSWORD, seed

pytestmark = pytest.mark.browser
Serve = Callable[[Callable[[Container], None]], str]


def _delivered_and_replanned(container: Container) -> None:
    with container.uow() as uow:
        uow.datasets.save(mission())
        uow.commit("import")
    users.add_user(container.uow(), "coordinator", PASSWORD, Role.COORDINATOR)
    first = plans.create_plan(container.uow(), as_of=AS_OF, horizon_days=60)
    plans.approve_plan(container.uow(), first.id)
    _deliver_r1(container, first.id)
    plans.create_plan(container.uow(), as_of=AS_OF + dt.timedelta(days=10))


def _seed_and_plan(container: Container) -> None:
    seed(container)
    plans.create_plan(container.uow(), as_of=dt.date(2026, 11, 20), horizon_days=60)


def test_the_replan_page_chart_and_api_agree(page: Any, serve: Serve) -> None:
    base = serve(_delivered_and_replanned)
    sign_in(page, base, "coordinator")
    for plan_id in (1, 2):
        page.goto(f"{base}/ui/plans/{plan_id}")
        table = page.locator("table.tiers tbody").inner_text()
        shown = dict(re.findall(r"^([1-5])\t.*\t([0-9.,]+ %)$", table, flags=re.MULTILINE))
        titles = page.locator('svg[aria-label^="Fill by priority"] title').all_text_contents()
        bars = [
            f"fill: {float(v.replace(',', '')):.1f} %"
            for _, v in sorted(
                re.findall(r"^priority ([1-5]) .*· fill: ([0-9.,]+) %$", t)[0]
                for t in titles
                if "· fill:" in t
            )
        ]
        api = page.request.get(f"{base}/plans/{plan_id}/summary").json()
        from_api = {str(t["priority"]): t["fill"] for t in api["tiers"]}
        assert shown == from_api == {"1": "100.0 %", "2": "50.0 %"}, (plan_id, shown, from_api)
        assert bars == ["fill: 100.0 %", "fill: 50.0 %"]
        assert page.locator("details.method summary").inner_text() == "method"
        screenshot(page, f"trust-plan-{plan_id}")


def test_docs_render_with_no_network_beyond_the_server(browser: Any, serve: Serve) -> None:
    base = serve(seed)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []

    def only_local(route: Any) -> None:
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.goto(f"{base}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "pledgeflow" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-tag").count() >= 5
    assert blocked == [], blocked
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "trust-docs-airgapped.png"))
    context.close()


def _chart_text_px(page: Any) -> list[float]:
    """Per chart on the page: its smallest text as drawn on screen, in CSS pixels."""
    return [
        float(value)
        for value in page.eval_on_selector_all(
            "svg.chart",
            """charts => charts.map(svg => {
                 const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                 const sizes = [...svg.querySelectorAll('text')]
                   .map(t => parseFloat(t.getAttribute('font-size')));
                 return Math.min(...sizes) * scale;
               })""",
        )
    ]


def test_charts_and_tables_fit_a_phone(browser: Any, serve: Serve) -> None:
    base = serve(_seed_and_plan)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, base, "coordinator")
    for path, name in (("/ui/", "dashboard"), ("/ui/plans/1", "plan")):
        page.goto(f"{base}{path}")
        sizes = _chart_text_px(page)
        assert sizes, f"{path} draws charts"
        assert min(sizes) >= 10, (path, sizes)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"trust-{name}-390.png"), full_page=True)
    context.close()


def test_a_liaison_and_a_hub_operator_see_their_part(page: Any, serve: Serve) -> None:
    base = serve(_seed_and_plan)
    sign_in(page, base, "donor_liaison")
    page.click("nav >> text=Plans")
    page.click("text=plan 1")
    lines = page.locator("#allocations + .scroll tbody").inner_text()
    assert "P-POL-OPEN" in lines
    assert "P-POL-SECRET" in lines
    assert "P-DEU-SECRET" not in lines
    assert "where POL's pledges are planned to go" in page.locator(".notice.scope").inner_text()
    screenshot(page, "trust-liaison-plan")
    page.click("text=Sign out")
    sign_in(page, base, "hub_operator")
    page.goto(f"{base}/ui/plans/1")
    days = page.locator("table.hub-days tbody").inner_text()
    assert "HUB-RZE" in days
    assert "800.0 t" in days
    lines = page.locator("#allocations + .scroll tbody").inner_text()
    assert "P-POL-OPEN" in lines
    assert "P-DEU-SECRET" not in lines
    screenshot(page, "trust-hub-operator-plan")

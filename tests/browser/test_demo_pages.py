"""The dashboard and a plan page at the shipped demo's size, read in a real browser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from pledgeflow.bootstrap import Container
from pledgeflow.demo.deliveries import simulate_events
from pledgeflow.demo.generator import DEMO_AS_OF, demo_dataset
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.plans import PlanQuality
from pledgeflow.plan import build_problem, greedy_plan
from pledgeflow.service import plans, shipments, users
from pledgeflow.service.access import Role
from pledgeflow.service.errors import ServiceError
from tests.browser.conftest import screenshot
from tests.browser.test_journeys import sign_in
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser


def demo_with_deliveries(container: Container) -> None:
    """The demo data, its greedy plan approved, and 30 days of simulated shipments (the
    optimiser is the planner tests' business; pages read a stored plan either way)."""
    dataset = demo_dataset()
    with container.uow() as uow:
        uow.datasets.save(dataset)
        uow.commit("import")
    greedy = greedy_plan(build_problem(dataset), as_of=DEMO_AS_OF)
    with container.uow() as uow:
        plan_id = uow.plans.add(
            replace(greedy, quality=PlanQuality(False, 1.0, 0, "greedy")), uow.now()
        )
        uow.commit("plan")
    plans.approve_plan(container.uow(), plan_id)
    stored = plans.get_plan(container.uow(), plan_id)
    for event in simulate_events(stored, dataset, days=30, seed=1):
        try:
            shipments.record_event(container.uow(), event)
        except (ServiceError, DomainError):
            continue
    users.add_user(container.uow(), "coordinator", PASSWORD, Role.COORDINATOR)


def test_demo_sized_dashboard_and_plan_page(page: Any, serve: Callable[..., str]) -> None:
    base = serve(demo_with_deliveries)
    sign_in(page, base, "coordinator")
    charts = page.locator("svg.chart")
    assert charts.count() == 4
    for index in range(4):
        assert charts.nth(index).bounding_box()["width"] > 400
    assert page.locator("svg.chart polyline").count() == 3, "one line per demo hub"
    screenshot(page, "dashboard-demo")
    page.click("main a[href='/ui/plans/1']")
    assert page.locator("#allocations + .scroll tbody tr").count() == 100, "one page of lines"
    assert " of " in page.locator("nav.pager").last.inner_text()
    assert page.locator("table.shortfalls .tag.reason").count() > 0
    screenshot(page, "plan-demo")

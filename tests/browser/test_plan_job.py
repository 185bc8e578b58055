"""In a real browser: a coordinator starts a plan, watches the job's progress panel update
itself (htmx polling, no inline script), and lands on the plan page when it is stored. The
server runs its own job pool, as `pledgeflow serve` does on SQLite."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from pledgeflow.bootstrap import Container
from pledgeflow.service import users
from pledgeflow.service.access import Role
from tests.browser.conftest import screenshot
from tests.browser.test_journeys import sign_in
from tests.integration.jobs_support import AS_OF, long_dataset
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _long_plans(container: Container) -> None:
    with container.uow() as uow:
        uow.datasets.save(long_dataset())
        uow.commit("import")
    users.add_user(container.uow(), "coordinator", PASSWORD, Role.COORDINATOR, None)


def test_a_coordinator_starts_a_plan_watches_it_and_lands_on_the_plan(
    page: Any, serve: Callable[[Callable[[Container], None]], str]
) -> None:
    base = serve(_long_plans)
    sign_in(page, base, "coordinator")
    page.click("nav >> text=Plans")
    page.fill("#f-as_of", AS_OF.isoformat())
    page.click("text=Run plan")
    page.wait_for_url("**/ui/jobs/1")
    panel = page.locator("#job-panel")
    assert panel.count() == 1
    _wait_until_planning(page)
    assert page.locator("#job-stage").inner_text() != "", "the planner's stage is shown"
    screenshot(page, "plan-job")
    page.wait_for_url("**/ui/plans/1", timeout=180_000)
    assert "Approve plan" in page.content()


def _wait_until_planning(page: Any) -> None:
    """Polled through locators: the page's strict CSP refuses the string evaluation that
    `wait_for_function` would use."""
    deadline = time.monotonic() + 60
    while True:
        state = page.locator("#job-state")
        stage = page.locator("#job-stage")
        if (
            state.count()
            and stage.count()
            and (
                state.inner_text().strip() == "running"
                and stage.inner_text().strip() != "reading records"
            )
        ):
            return
        assert time.monotonic() < deadline, "the panel never showed the planner running"
        page.wait_for_timeout(200)

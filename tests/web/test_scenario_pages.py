"""What-if pages: build and run a scenario, read its diff and asks; the exposure sweep with
its chart; what a liaison sees; no inline script on either page."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from pledgeflow.service.access import Role

Browse = Callable[[Role], tuple[TestClient, str]]
WHEN = {"as_of": "2026-11-20", "horizon_days": "60"}


def test_a_coordinator_runs_a_withdrawal_and_reads_the_diff(browse: Browse) -> None:
    """R-OPEN (20, priority 1) gets all 14 pledged units; without DEU's 7 it gets 7:
    a loss of 7/20 of a priority-1 requirement, weighted 16 → 5.600."""
    client, csrf = browse(Role.COORDINATOR)
    assert "Build and run" in client.get("/ui/scenarios").text
    page = client.post("/ui/scenarios", data={"csrf": csrf, "changes": "withdraw DEU", **WHEN})
    assert page.status_code == 200, page.text
    assert "<strong>5.600</strong>" in page.text
    assert "R-OPEN" in page.text
    assert 'aria-label="Fill per priority tier, before and after (%)"' in page.text
    assert "<script>" not in page.text


def test_bad_changes_are_shown_on_the_form(browse: Browse) -> None:
    client, csrf = browse(Role.COORDINATOR)
    page = client.post("/ui/scenarios", data={"csrf": csrf, "changes": "delay POL x", **WHEN})
    assert page.status_code == 422
    assert "change 1 (delay POL x): value: &#39;x&#39; is not a whole number" in page.text


def test_a_liaison_saves_and_runs_but_sees_no_restricted_need(browse: Browse) -> None:
    client, csrf = browse(Role.DONOR_LIAISON)
    data = {"csrf": csrf, "changes": "withdraw POL", "name": "no-pol", **WHEN}
    page = client.post("/ui/scenarios", data=data)
    assert page.status_code == 200, page.text
    assert "R-SECRET" not in page.text
    assert "<strong>no-pol</strong>: withdraw POL" in page.text


def test_a_hub_operator_reads_but_may_not_run(browse: Browse) -> None:
    client, csrf = browse(Role.HUB_OPERATOR)
    assert "Build and run" not in client.get("/ui/scenarios").text
    answer = client.post("/ui/scenarios", data={"csrf": csrf, "changes": "withdraw POL", **WHEN})
    assert answer.status_code == 403


def test_the_exposure_sweep_ranks_donors_and_names_single_points(browse: Browse) -> None:
    """POL and DEU each carry 7 of R-OPEN's 14 planned units; either withdrawal costs 7/20
    of it. The largest donor (ties by name: POL) holds half its supply: a single point."""
    client, csrf = browse(Role.COORDINATOR)
    page = client.post("/ui/exposure", data={"csrf": csrf, **WHEN})
    assert page.status_code == 200, page.text
    assert "Weighted fill lost if the donor withdraws" in page.text
    assert "<td>R-OPEN</td><td>1</td><td>GEN-10</td>" in page.text
    assert '<td>POL</td><td class="num">50%</td>' in page.text
    assert "<script>" not in page.text


def test_a_scenario_run_on_a_worker_lands_on_its_logged_diff(browse: Browse) -> None:
    """The job runs inline in tests: its panel sends the browser (or htmx) to the run's page,
    which shows the same 5.600 weighted loss as the synchronous run of `withdraw DEU`."""
    client, csrf = browse(Role.COORDINATOR)
    assert 'formaction="/ui/scenarios/queue"' in client.get("/ui/scenarios").text
    data = {"csrf": csrf, "changes": "withdraw DEU", **WHEN}
    queued = client.post("/ui/scenarios/queue", data=data, follow_redirects=False)
    assert queued.status_code == 303, queued.text
    job_page = queued.headers["location"]
    assert job_page.startswith("/ui/jobs/")
    panel = client.get(job_page, headers={"HX-Request": "true"})
    run_page = panel.headers["HX-Redirect"]
    assert run_page.startswith("/ui/scenario-runs/")
    landed = client.get(job_page)
    assert landed.url.path == run_page
    assert '<strong id="weighted-loss">5.600</strong>' in landed.text
    assert "withdraw DEU" in landed.text
    assert "<script>" not in landed.text
    assert client.get("/ui/scenario-runs/999999").status_code == 404


def test_a_queued_scenario_with_bad_changes_stays_on_the_form(browse: Browse) -> None:
    client, csrf = browse(Role.COORDINATOR)
    data = {"csrf": csrf, "changes": "delay POL x", **WHEN}
    page = client.post("/ui/scenarios/queue", data=data, follow_redirects=False)
    assert page.status_code == 422
    assert "is not a whole number" in page.text


def test_a_sweep_on_a_worker_shows_the_ranking_on_its_panel(browse: Browse) -> None:
    client, csrf = browse(Role.COORDINATOR)
    assert 'formaction="/ui/exposure/queue"' in client.get("/ui/exposure").text
    queued = client.post("/ui/exposure/queue", data={"csrf": csrf, **WHEN}, follow_redirects=False)
    assert queued.status_code == 303, queued.text
    panel = client.get(queued.headers["location"])
    assert panel.status_code == 200
    assert "Sweep job" in panel.text
    assert ">done<" in panel.text
    assert 'id="sweep-ranking"' in panel.text
    assert "<td>DEU</td>" in panel.text
    assert "hx-get" not in panel.text  # a finished job's panel stops polling
    assert "<script>" not in panel.text

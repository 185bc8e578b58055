"""Plans from the browser: run, read (reasons, hub values, charts), approve, then ship."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from pledgeflow.service.access import Role

Browse = Callable[[Role], tuple[TestClient, str]]


def _run(client: TestClient, csrf: str) -> str:
    answer = client.post(
        "/ui/plans", data={"csrf": csrf, "as_of": "2026-11-20", "horizon_days": "60"}
    )
    assert answer.status_code == 200
    assert str(answer.url).endswith("/ui/plans/1")
    return answer.text


def test_a_coordinator_runs_reads_and_approves_a_plan(browse: Browse) -> None:
    client, csrf = browse(Role.COORDINATOR)
    page = _run(client, csrf)
    assert "no_route" in page
    assert "no lane path" in page
    assert "HUB-RZE" in page
    assert 'aria-label="Fill by priority, % of required"' in page
    assert "Approve plan" in page
    approved = client.post("/ui/plans/1/approve", data={"csrf": csrf})
    assert '<span class="tag approved">approved</span>' in approved.text
    assert "Approve plan" not in approved.text
    twice = client.post("/ui/plans/1/approve", data={"csrf": csrf})
    assert twice.status_code == 409
    assert "only a draft can be approved" in twice.text
    dashboard = client.get("/ui/").text
    assert dashboard.count('class="chart"') == 4
    assert "Planned hub utilisation by week" in dashboard


def test_run_inputs_are_checked_on_the_form(browse: Browse) -> None:
    client, csrf = browse(Role.COORDINATOR)
    answer = client.post("/ui/plans", data={"csrf": csrf, "as_of": "", "horizon_days": "0"})
    assert answer.status_code == 422
    assert 'id="e-as_of"' in answer.text
    assert 'id="e-horizon_days"' in answer.text


def test_a_plan_that_does_not_exist_is_a_404_page(browse: Browse) -> None:
    client, _ = browse(Role.AUDITOR)
    answer = client.get("/ui/plans/99")
    assert answer.status_code == 404
    assert "plan 99 does not exist" in answer.text


def test_an_auditor_reads_plans_but_may_not_approve(browse: Browse) -> None:
    coordinator, csrf = browse(Role.COORDINATOR)
    _run(coordinator, csrf)
    auditor, token = browse(Role.AUDITOR)
    assert "Approve plan" not in auditor.get("/ui/plans/1").text
    assert auditor.post("/ui/plans/1/approve", data={"csrf": token}).status_code == 403


def test_shipment_events_are_recorded_and_tracked(browse: Browse) -> None:
    coordinator, csrf = browse(Role.COORDINATOR)
    _run(coordinator, csrf)
    coordinator.post("/ui/plans/1/approve", data={"csrf": csrf})
    dispatch = {
        "csrf": csrf,
        "id": "E-1",
        "shipment": "S-1",
        "kind": "dispatched",
        "date": "2026-11-20",
        "quantity": "4",
        "allocation": "1/P-POL-OPEN/R-OPEN/HUB-RZE",
    }
    too_much = coordinator.post("/ui/shipments/events", data={**dispatch, "quantity": "40"})
    assert too_much.status_code == 422
    assert 'id="e-quantity"' in too_much.text
    page = coordinator.post("/ui/shipments/events", data=dispatch)
    assert page.status_code == 200
    assert "1/P-POL-OPEN/R-OPEN/HUB-RZE" in page.text
    assert "dispatched 2026-11-20" in page.text
    hub, token = browse(Role.HUB_OPERATOR)
    received = {**dispatch, "csrf": token, "id": "E-2", "kind": "received_at_hub", "allocation": ""}
    answer = hub.post("/ui/shipments/events", data={**received, "date": "2026-11-22"})
    assert "received_at_hub 2026-11-22" in answer.text
    liaison, mine = browse(Role.DONOR_LIAISON)
    listed = liaison.get("/ui/shipments").text
    assert "1/P-POL-OPEN/R-OPEN/HUB-RZE" in listed
    assert "Record a shipment event" not in listed
    refused = liaison.post("/ui/shipments/events", data={**dispatch, "csrf": mine, "id": "E-9"})
    assert refused.status_code == 403


def test_a_dispatch_naming_a_hidden_pledge_is_refused_on_the_form(browse: Browse) -> None:
    coordinator, csrf = browse(Role.COORDINATOR)
    _run(coordinator, csrf)
    coordinator.post("/ui/plans/1/approve", data={"csrf": csrf})
    hub, token = browse(Role.HUB_OPERATOR)
    dispatch = {
        "csrf": token,
        "id": "E-1",
        "shipment": "S-1",
        "kind": "dispatched",
        "date": "2026-11-20",
        "quantity": "3",
        "allocation": "1/P-DEU-SECRET/R-OPEN/HUB-RZE",
    }
    answer = hub.post("/ui/shipments/events", data=dispatch)
    assert answer.status_code == 422
    assert 'id="e-allocation"' in answer.text
    assert "does not exist" in answer.text
    elsewhere = hub.post(
        "/ui/shipments/events", data={**dispatch, "allocation": "1/P-POL-OPEN/R-OPEN/HUB-XYZ"}
    )
    assert elsewhere.status_code == 403
    assert "outside your scope" in elsewhere.text


def test_a_plan_page_shows_the_status_as_it_is_now(browse: Browse) -> None:
    """The page keeps a plan's lines between views but reads its status every time."""
    client, csrf = browse(Role.COORDINATOR)
    _run(client, csrf)
    client.post("/ui/plans", data={"csrf": csrf, "as_of": "2026-11-21", "horizon_days": "60"})
    client.post("/ui/plans/1/approve", data={"csrf": csrf})
    assert '<span class="tag approved">' in client.get("/ui/plans/1").text
    client.post("/ui/plans/2/approve", data={"csrf": csrf})
    assert '<span class="tag superseded">' in client.get("/ui/plans/1").text

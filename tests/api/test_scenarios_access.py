"""Scenarios through the API: a donor liaison runs them on every record (the aggregate) but
sees another nation's restricted pledges only as a summed entry, and restricted requirements
only as counts; coordinators see everything; the policy table decides who may call."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from pledgeflow.service.access import Role

Headers = dict[str, str]
# DEU's 7 committed generators are available 2026-12-01 and reach Kyiv on 12-06 at the
# earliest (3 days to the hub, 1 handling, 1 on): a 14-day horizon from 11-20 ends before.
SHORT = {"as_of": "2026-11-20", "horizon_days": 14}
LONG = {"as_of": "2026-11-20", "horizon_days": 60}


def _run(client: TestClient, headers: Headers, changes: list[str], when: dict[str, Any]) -> Any:
    answer = client.post("/scenarios/run", headers=headers, json={"changes": changes, **when})
    assert answer.status_code == 200, answer.text
    return answer.json()


def _p1_ask(result: dict[str, Any]) -> dict[str, Any]:
    (ask,) = [a for a in result["asks_before"] if a["priority"] == 1]
    return ask


def test_a_liaison_sees_other_nations_restricted_supply_only_as_a_total(
    client: TestClient, as_role: dict[Role, Headers]
) -> None:
    liaison = _run(client, as_role[Role.DONOR_LIAISON], ["withdraw POL"], SHORT)
    ask = _p1_ask(liaison)
    assert ask["unmet_quantity"] == 12
    assert ask["requirements"] == ["+1 restricted"]
    assert ask["donors"] == ["POL: 7 announced", "restricted (other nations): 7 spare"]
    assert "DEU" not in str(liaison["asks_before"] + liaison["asks_after"])
    assert "R-SECRET" not in str(liaison)
    coordinator = _run(client, as_role[Role.COORDINATOR], ["withdraw POL"], SHORT)
    ask = _p1_ask(coordinator)
    assert ask["requirements"] == ["R-SECRET"]
    assert ask["donors"] == ["DEU: 7 spare", "POL: 7 announced"]


def test_a_liaison_runs_on_the_aggregate_and_sees_restricted_needs_only_as_counts(
    client: TestClient, as_role: dict[Role, Headers]
) -> None:
    liaison = _run(client, as_role[Role.DONOR_LIAISON], ["withdraw DEU"], LONG)
    coordinator = _run(client, as_role[Role.COORDINATOR], ["withdraw DEU"], LONG)
    assert liaison["tiers"] == coordinator["tiers"]
    assert liaison["weighted_loss"] == coordinator["weighted_loss"]
    assert liaison["weighted_loss"] == pytest.approx(16 * 7 / 12, abs=1e-6)
    assert liaison["requirements"] == []
    assert (liaison["hidden_requirements"], liaison["hidden_units_lost"]) == (1, 7)
    assert "R-SECRET" not in str(liaison)
    (change,) = coordinator["requirements"]
    assert (change["requirement"], change["units_lost"]) == ("R-SECRET", 7)
    assert change["reason_after"] == "no_supply"


def test_who_may_store_run_and_delete_scenarios(
    client: TestClient, as_role: dict[Role, Headers]
) -> None:
    body = {"name": "no-deu", "changes": ["withdraw DEU"]}
    liaison = as_role[Role.DONOR_LIAISON]
    assert client.post("/scenarios", headers=liaison, json=body).status_code == 201
    assert client.post("/scenarios", headers=liaison, json=body).status_code == 409
    assert client.get("/scenarios/no-deu", headers=liaison).json()["changes"] == ["withdraw DEU"]
    run = client.post("/scenarios/no-deu/run", headers=as_role[Role.HUB_OPERATOR], json=LONG)
    assert run.status_code == 403
    client.cookies.clear()
    assert (
        client.post("/scenarios/run", json={"changes": ["withdraw DEU"], **LONG}).status_code == 401
    )
    assert client.delete("/scenarios/no-deu", headers=liaison).status_code == 403
    coordinator = as_role[Role.COORDINATOR]
    assert client.delete("/scenarios/no-deu", headers=coordinator).status_code == 204
    assert client.get("/scenarios/no-deu", headers=coordinator).status_code == 404


def test_bad_changes_answer_422_naming_change_field_and_reason(
    client: TestClient, as_role: dict[Role, Headers]
) -> None:
    body = {"changes": ["withdraw XXX", "cut POL 2"], **LONG}
    answer = client.post("/scenarios/run", headers=as_role[Role.COORDINATOR], json=body)
    assert answer.status_code == 422
    problems = [(p["field"], p["reason"]) for p in answer.json()["errors"]]
    assert problems == [
        ("change 1 (withdraw XXX)", "donor: no party 'XXX'"),
        ("change 2 (cut POL 2)", "fraction: must be more than 0 and at most 1"),
    ]


def test_a_liaisons_sweep_ranks_every_donor_and_hides_restricted_needs(
    client: TestClient, as_role: dict[Role, Headers]
) -> None:
    answer = client.post("/scenarios/sweep", headers=as_role[Role.DONOR_LIAISON], json=LONG)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    # Only DEU holds a firm (committed) pledge; POL's are announced.
    assert [d["donor"] for d in result["ranking"]] == ["DEU"]
    assert result["ranking"][0]["weighted_loss"] == pytest.approx(16 * 7 / 12, abs=1e-6)
    assert "R-SECRET" not in answer.text


def test_a_queued_scenario_run_answers_202_and_its_job_names_the_run(
    client: TestClient, as_role: dict[Role, Headers]
) -> None:
    coordinator = as_role[Role.COORDINATOR]
    body = {"name": "no-deu", "changes": ["withdraw DEU"]}
    assert client.post("/scenarios", headers=coordinator, json=body).status_code == 201
    hub = as_role[Role.HUB_OPERATOR]
    assert client.post("/scenarios/no-deu/runs", headers=hub, json=LONG).status_code == 403
    missing = client.post("/scenarios/nope/runs", headers=coordinator, json=LONG)
    assert missing.status_code == 404
    answer = client.post("/scenarios/no-deu/runs", headers=coordinator, json=LONG)
    assert answer.status_code == 202, answer.text
    assert answer.headers["Location"] == f"/jobs/{answer.json()['id']}"
    job = client.get(answer.headers["Location"], headers=coordinator).json()
    assert (job["kind"], job["state"], job["error"]) == ("scenario", "done", None)
    assert isinstance(job["scenario_run_id"], int)


def test_a_queued_sweep_answers_202_and_its_job_ranks_the_donors(
    client: TestClient, as_role: dict[Role, Headers]
) -> None:
    hub = as_role[Role.HUB_OPERATOR]
    assert client.post("/scenarios/sweeps", headers=hub, json=LONG).status_code == 403
    coordinator = as_role[Role.COORDINATOR]
    answer = client.post("/scenarios/sweeps", headers=coordinator, json=LONG)
    assert answer.status_code == 202, answer.text
    job = client.get(answer.headers["Location"], headers=coordinator).json()
    assert (job["kind"], job["state"], job["error"]) == ("sweep", "done", None)
    synchronous = client.post("/scenarios/sweep", headers=coordinator, json=LONG).json()
    assert job["result"]["ranking"] == synchronous["ranking"]
    assert {r["donor"] for r in job["result"]["ranking"]} >= {"DEU"}

"""Plan jobs through the API: 202 and a Location to follow, the job's state and plan, cancel,
and who may start, see and cancel a job (the policy's `jobs` resource)."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from pledgeflow.bootstrap import Container
from pledgeflow.service.access import Principal, Role
from pledgeflow.service.jobs import start_plan_job
from pledgeflow.service.plan_jobs import plan_job_params
from tests.api.conftest import Headers
from tests.integration.jobs_support import AS_OF, RecordingQueue

Roles = dict[Role, Headers]


def test_a_plan_request_answers_202_and_its_job_names_the_plan(
    client: TestClient, as_role: Roles
) -> None:
    coordinator = as_role[Role.COORDINATOR]
    answer = client.post("/plans", json={"as_of": "2026-11-21"}, headers=coordinator)
    assert answer.status_code == 202, answer.text
    location = answer.headers["Location"]
    assert location == f"/jobs/{answer.json()['id']}"
    job = client.get(location, headers=coordinator).json()
    assert job["state"] == "done"
    assert dt.datetime.fromisoformat(job["created_at"]).tzinfo is not None
    assert job["stale"] is False
    plan = client.get(f"/plans/{job['plan_id']}", headers=coordinator)
    assert plan.status_code == 200
    assert plan.json()["as_of"] == "2026-11-21"


def test_cancelling_a_queued_job_answers_it_cancelled(
    client: TestClient, as_role: Roles, container: Container
) -> None:
    who = Principal(Role.COORDINATOR.value, Role.COORDINATOR)
    job = start_plan_job(container.engine, RecordingQueue(), who, plan_job_params(AS_OF))
    answer = client.delete(f"/jobs/{job.id}", headers=as_role[Role.COORDINATOR])
    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "cancelled"
    done = client.delete(f"/jobs/{job.id}", headers=as_role[Role.COORDINATOR])
    assert done.json()["state"] == "cancelled"


def test_who_may_start_see_and_cancel_jobs(
    client: TestClient, as_role: Roles, container: Container
) -> None:
    who = Principal(Role.COORDINATOR.value, Role.COORDINATOR)
    job = start_plan_job(container.engine, RecordingQueue(), who, plan_job_params(AS_OF))
    url = f"/jobs/{job.id}"
    assert client.get(url, headers=as_role[Role.AUDITOR]).status_code == 200
    assert client.delete(url, headers=as_role[Role.AUDITOR]).status_code == 403
    for role in (Role.DONOR_LIAISON, Role.HUB_OPERATOR, Role.RECIPIENT_OFFICER):
        assert client.get(url, headers=as_role[role]).status_code == 403
        assert client.delete(url, headers=as_role[role]).status_code == 403
        plan = client.post("/plans", json={"as_of": "2026-11-21"}, headers=as_role[role])
        assert plan.status_code == 403
    client.cookies.clear()
    assert client.get(url).status_code == 401
    assert client.get("/jobs/999", headers=as_role[Role.COORDINATOR]).status_code == 404

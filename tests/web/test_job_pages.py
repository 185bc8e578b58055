"""Plan jobs in the browser: the progress panel polls with htmx attributes (no script), a
finished job sends the browser to its plan, and a coordinator can cancel a queued job."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from pledgeflow.bootstrap import Container
from pledgeflow.service.access import Principal, Role
from pledgeflow.service.jobs import start_plan_job
from pledgeflow.service.plan_jobs import plan_job_params
from tests.integration.jobs_support import AS_OF, RecordingQueue

Browse = Callable[[Role], tuple[TestClient, str]]
HTMX = {"HX-Request": "true"}


def _queued(container: Container) -> int:
    who = Principal(Role.COORDINATOR.value, Role.COORDINATOR)
    return start_plan_job(container.engine, RecordingQueue(), who, plan_job_params(AS_OF)).id


def test_a_queued_jobs_panel_polls_itself_and_offers_cancel(
    browse: Browse, container: Container
) -> None:
    job_id = _queued(container)
    client, _ = browse(Role.COORDINATOR)
    page = client.get(f"/ui/jobs/{job_id}")
    assert page.status_code == 200
    assert f'hx-get="/ui/jobs/{job_id}" hx-trigger="every 1s"' in page.text
    assert ">queued<" in page.text
    assert "Cancel" in page.text
    assert "<script>" not in page.text
    panel = client.get(f"/ui/jobs/{job_id}", headers=HTMX)
    assert panel.text.lstrip().startswith('<section id="job-panel"')


def test_cancelling_from_the_panel_stops_the_polling(browse: Browse, container: Container) -> None:
    job_id = _queued(container)
    client, csrf = browse(Role.COORDINATOR)
    answer = client.post(f"/ui/jobs/{job_id}/cancel", data={"csrf": csrf})
    assert answer.status_code == 200
    assert ">cancelled<" in answer.text
    assert "hx-trigger" not in answer.text
    assert "no plan was stored" in answer.text


def test_a_done_job_sends_the_browser_to_its_plan(browse: Browse) -> None:
    client, csrf = browse(Role.COORDINATOR)
    answer = client.post(
        "/ui/plans",
        data={"csrf": csrf, "as_of": "2026-11-20", "horizon_days": "60"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    job_page = answer.headers["location"]
    assert job_page.startswith("/ui/jobs/")
    poll = client.get(job_page, headers=HTMX, follow_redirects=False)
    assert poll.headers["HX-Redirect"] == "/ui/plans/1"
    plain = client.get(job_page, follow_redirects=False)
    assert plain.status_code == 303
    assert plain.headers["location"] == "/ui/plans/1"


def test_only_coordinators_and_auditors_see_jobs(browse: Browse, container: Container) -> None:
    job_id = _queued(container)
    auditor, csrf = browse(Role.AUDITOR)
    assert auditor.get(f"/ui/jobs/{job_id}").status_code == 200
    assert "Cancel" not in auditor.get(f"/ui/jobs/{job_id}").text
    assert auditor.post(f"/ui/jobs/{job_id}/cancel", data={"csrf": csrf}).status_code == 403
    donor, _ = browse(Role.DONOR_LIAISON)
    assert donor.get(f"/ui/jobs/{job_id}").status_code == 403

"""Forms record through the API's services: CSRF, inline problems, scope, and the audit log."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from pledgeflow.bootstrap import Container
from pledgeflow.service.access import Role

Browse = Callable[[Role], tuple[TestClient, str]]
PLEDGE = {
    "id": "P-POL-NEW",
    "donor": "POL",
    "item": "GEN-10",
    "quantity": "6",
    "available_from": "2026-12-01",
    "origin": "DEP-POL",
    "status": "announced",
    "releasability": "public",
}


def _log_size(container: Container) -> int:
    with container.uow() as uow:
        return uow.audit.head()[0]


def test_a_form_without_its_token_changes_nothing(browse: Browse, container: Container) -> None:
    client, _ = browse(Role.DONOR_LIAISON)
    before = _log_size(container)
    answer = client.post("/ui/pledges/new", data=PLEDGE)
    assert answer.status_code == 403
    assert "security token" in answer.text
    forged = client.post("/ui/pledges/new", data={**PLEDGE, "csrf": "0" * 64})
    assert forged.status_code == 403
    assert _log_size(container) == before
    assert "P-POL-NEW" not in client.get("/ui/pledges").text


def test_problems_show_next_to_their_fields(browse: Browse) -> None:
    client, csrf = browse(Role.DONOR_LIAISON)
    sent = {**PLEDGE, "csrf": csrf, "quantity": "-3", "available_from": "soon"}
    answer = client.post("/ui/pledges/new", data=sent)
    assert answer.status_code == 422
    assert 'id="e-quantity"' in answer.text
    assert 'id="e-available_from"' in answer.text
    assert "a date, YYYY-MM-DD" in answer.text
    assert 'value="P-POL-NEW"' in answer.text, "what the user typed is kept"
    missing = client.post("/ui/pledges/new", data={**PLEDGE, "csrf": csrf, "origin": "DEP-XX"})
    assert missing.status_code == 422
    assert "sites &#39;DEP-XX&#39; does not exist" in missing.text


def test_a_liaison_records_a_pledge_for_its_own_nation_only(
    browse: Browse, container: Container
) -> None:
    client, csrf = browse(Role.DONOR_LIAISON)
    before = _log_size(container)
    answer = client.post("/ui/pledges/new", data={**PLEDGE, "csrf": csrf, "donor": "DEU"})
    assert answer.status_code == 200
    assert "Pledge P-POL-NEW recorded" in answer.text
    row = next(line for line in answer.text.splitlines() if "P-POL-NEW" in line and "<td>" in line)
    assert "<td>POL</td>" in row
    assert _log_size(container) > before
    again = client.post("/ui/pledges/new", data={**PLEDGE, "csrf": csrf})
    assert again.status_code == 422
    assert 'id="e-id"' in again.text
    assert "already exists" in again.text


def test_a_recipient_officer_records_a_requirement(browse: Browse) -> None:
    client, csrf = browse(Role.RECIPIENT_OFFICER)
    need = {
        "csrf": csrf,
        "id": "R-NEW",
        "item": "GEN-10",
        "quantity": "3",
        "priority": "2",
        "needed_by": "2027-01-15",
        "destination": "DLV-KYIV",
        "releasability": "restricted",
    }
    answer = client.post("/ui/requirements/new", data=need)
    assert "Requirement R-NEW recorded" in answer.text
    liaison, _ = browse(Role.DONOR_LIAISON)
    assert "R-NEW" not in liaison.get("/ui/requirements").text
    bad = client.post("/ui/requirements/new", data={**need, "id": "R-BAD", "priority": "9"})
    assert bad.status_code == 422
    assert 'id="e-priority"' in bad.text


def test_a_donor_liaison_may_not_record_requirements(browse: Browse) -> None:
    client, csrf = browse(Role.DONOR_LIAISON)
    answer = client.post("/ui/requirements/new", data={"csrf": csrf, "id": "R-X"})
    assert answer.status_code == 403

"""Each role sees its part of the plan (issue 14, point 10), through the central policy
(`access.plan_line_in_scope`), in the API and the UI alike: a donor liaison its own nation's
pledges' lines (where they go, through which hub, when), a hub operator the lines through its
hub and that hub's planned departures day by day against its capacity."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from pledgeflow.service.access import Role

Browse = Callable[[Role], tuple[TestClient, str]]


def _planned(browse: Browse) -> None:
    coordinator, csrf = browse(Role.COORDINATOR)
    made = coordinator.post(
        "/ui/plans", data={"csrf": csrf, "as_of": "2026-11-20", "horizon_days": "60"}
    )
    assert str(made.url).endswith("/ui/plans/1")


def _api_pledges(client: TestClient) -> set[str]:
    answer = client.get("/plans/1")
    assert answer.status_code == 200, answer.text
    return {line["pledge"] for line in answer.json()["allocations"]}


def _page_pledges(client: TestClient) -> set[str]:
    page = client.get("/ui/plans/1")
    assert page.status_code == 200, page.text
    section = page.text[page.text.index('id="allocations"') :]
    return set(re.findall(r"<tr><td>(P-[A-Z-]+)</td>", section))


def test_the_coordinator_sees_every_line(browse: Browse) -> None:
    _planned(browse)
    client, _ = browse(Role.COORDINATOR)
    every = {"P-POL-OPEN", "P-POL-SECRET", "P-DEU-SECRET"}
    assert _api_pledges(client) == every
    assert _page_pledges(client) == every


def test_a_donor_liaison_sees_where_its_own_pledges_go(browse: Browse) -> None:
    _planned(browse)
    client, _ = browse(Role.DONOR_LIAISON)
    own = {"P-POL-OPEN", "P-POL-SECRET"}
    assert _api_pledges(client) == own
    assert _page_pledges(client) == own
    page = client.get("/ui/plans/1").text
    assert "where POL's pledges are planned to go" in page
    assert "<td>DLV-KYIV</td>" in page  # the destination, with its dates
    assert "Approve plan" not in page
    assert client.get("/ui/plans").status_code == 200
    assert 'href="/ui/plans"' in client.get("/ui/").text
    assert client.get("/plans/1/export").status_code == 403


def test_a_hub_operator_sees_its_hub_day_by_day(browse: Browse) -> None:
    _planned(browse)
    client, _ = browse(Role.HUB_OPERATOR)
    assert _api_pledges(client) == {"P-POL-OPEN"}  # public pledge, through its hub
    assert _page_pledges(client) == {"P-POL-OPEN"}
    days = client.get("/plans/1/hub-days").json()["days"]
    assert days
    assert {d["hub"] for d in days} == {"HUB-RZE"}
    assert all(d["capacity_t"] == "800.000" for d in days)
    assert any(d["departing_t"] == "0.722" for d in days)  # 4 generators of 180.5 kg
    assert not any(d["over_capacity"] for d in days)
    page = client.get("/ui/plans/1").text
    assert "what is planned through HUB-RZE" in page
    assert '<table class="hub-days">' in page
    assert '<td class="num">0.7 t</td><td class="num">800.0 t</td>' in page


def test_a_liaison_sees_no_other_nations_lines_in_the_summary_or_hub_days(
    browse: Browse,
) -> None:
    _planned(browse)
    liaison, _ = browse(Role.DONOR_LIAISON)
    coordinator, _ = browse(Role.COORDINATOR)
    theirs = liaison.get("/plans/1/hub-days").json()["days"]
    every = coordinator.get("/plans/1/hub-days").json()["days"]
    assert sum(float(d["departing_t"]) for d in theirs) < sum(
        float(d["departing_t"]) for d in every
    )
    assert liaison.get("/plans/1/summary").json()["allocation_lines"] == 2

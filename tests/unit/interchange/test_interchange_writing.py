"""Writing datasets and plain tables: exact cell text, typed workbook cells, same bytes twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pledgeflow.adapters.exporters import dataset_sheets, write_dataset, write_sheets
from pledgeflow.adapters.exporters.cells import csv_text, plain_decimal, sheet_value
from pledgeflow.adapters.importers import read_tables, validate
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.plans import ShortfallReason


@pytest.mark.parametrize(
    ("number", "text"),
    [
        ("1E+1", "10"),
        ("2.500", "2.5"),
        ("100", "100"),
        ("-0.00", "0"),
        ("0", "0"),
        ("1E-6", "0.000001"),
        ("-12.340", "-12.34"),
        ("1234567890.12345678901234567890123", "1234567890.12345678901234567890123"),
    ],
)
def test_decimals_are_plain_and_trimmed(number: str, text: str) -> None:
    assert plain_decimal(Decimal(number)) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (Decimal("4.1E+12"), "4100000000000"),
        (0.25, "0.25"),
        (1e-7, "0.0000001"),
        (3, "3"),
        (dt.date(2026, 3, 1), "2026-03-01"),
        (ShortfallReason.NO_ROUTE, "no_route"),
        ("Kyiv", "Kyiv"),
    ],
)
def test_csv_text_of_each_kind_of_value(value: object, text: str) -> None:
    assert csv_text(value) == text


def test_decimals_become_numbers_only_when_a_float_keeps_them() -> None:
    assert sheet_value(Decimal("12.5")) == 12.5
    assert sheet_value(Decimal("123456789012345")) == 123456789012345.0
    assert sheet_value(Decimal("1234567890123456")) == "1234567890123456"
    assert sheet_value(Decimal("0.1234567890123456789")) == "0.1234567890123456789"


def test_csv_folder_is_utf8_comma_without_bom(tmp_path: Path) -> None:
    write_sheets(
        {"shortfalls": (["requirement", "quantity", "detail"], [["R1", 2.5, 'Lviv; Kyiv, "é"']])},
        tmp_path / "plan",
    )

    data = (tmp_path / "plan" / "shortfalls.csv").read_bytes()

    assert data == 'requirement,quantity,detail\r\nR1,2.5,"Lviv; Kyiv, ""é"""\r\n'.encode()


def test_workbook_header_is_bold_and_frozen_and_cells_typed(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    rows: list[list[object]] = [["P1", Decimal("2.5"), dt.date(2026, 3, 1), True, "=1+1", None]]
    write_sheets({"allocations": (["pledge", "qty", "date", "late", "note", "hub"], rows)}, path)

    sheet = load_workbook(path)["allocations"]

    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert [cell.value for cell in sheet[2]] == [
        "P1", 2.5, dt.datetime(2026, 3, 1), True, "=1+1", None
    ]  # fmt: skip
    assert sheet["E2"].data_type == "s"
    assert sheet["C2"].number_format == "yyyy-mm-dd"


def test_the_same_tables_give_the_same_workbook_bytes(tmp_path: Path) -> None:
    sheets = {"lanes": (["from", "to", "days"], [["A", "B", 1]])}
    write_sheets(sheets, tmp_path / "one.xlsx")
    write_sheets(sheets, tmp_path / "new folder" / "two.xlsx")

    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "new folder/two.xlsx").read_bytes()


def test_bad_sheet_names_and_ragged_rows_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot name a sheet"):
        write_sheets({"a/b": (["x"], [])}, tmp_path / "out")
    with pytest.raises(ValueError, match="row 2 has 2 values for 1"):
        write_sheets({"t": (["x"], [[1, 2]])}, tmp_path / "out")
    with pytest.raises(ValueError, match="at least one sheet"):
        write_sheets({}, tmp_path / "out.xlsx")
    with pytest.raises(ValueError, match="t: row 3: a control character"):
        write_sheets({"t": (["x"], [["fine"], ["bell\x07"]])}, tmp_path / "new" / "out.xlsx")


def test_roles_are_joined_in_a_stable_order() -> None:
    party = Party("DE", "Germany", frozenset({Role.TRAINER, Role.LENDER, Role.DONOR}))

    header, rows = dataset_sheets(Dataset(parties=(party,)))["parties"]

    assert header == ["code", "name", "roles", "gdp_eur", "currency"]
    assert rows == [["DE", "Germany", "donor;lender;trainer", None, None]]


def test_a_folder_gets_every_table_and_a_workbook_only_filled_ones(tmp_path: Path) -> None:
    dataset = Dataset(parties=(Party("DE", "Germany", frozenset({Role.DONOR})),))

    write_dataset(dataset, tmp_path / "folder")
    write_dataset(dataset, tmp_path / "book.xlsx")

    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == [
        "hub_calendar.csv", "items.csv", "lanes.csv", "parties.csv", "pledges.csv",
        "requirements.csv", "sites.csv",
    ]  # fmt: skip
    assert (tmp_path / "folder" / "lanes.csv").read_bytes() == b"from,to,days\r\n"
    assert load_workbook(tmp_path / "book.xlsx").sheetnames == ["parties"]


def test_an_empty_dataset_gives_a_template_that_imports_as_nothing(tmp_path: Path) -> None:
    write_dataset(Dataset(), tmp_path / "template.xlsx")

    tables = read_tables(tmp_path / "template.xlsx")
    result = validate(tables, Dataset(), update=False)

    assert len(tables) == 7
    assert result.ok
    assert result.dataset == Dataset()

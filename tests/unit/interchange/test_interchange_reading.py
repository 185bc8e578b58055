"""Reading workbooks and CSV folders into text tables that look the same either way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from pledgeflow.adapters.importers import RawRow, UnreadableFile, read_tables, validate
from pledgeflow.adapters.importers.csv_files import separator_of
from pledgeflow.adapters.importers.workbooks import cell_text
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.parties import Party, Role

WriteCsv = Callable[[str, str], Path]
MakeWorkbook = Callable[[dict[str, list[list[object]]]], Path]


def test_bom_and_semicolons_are_accepted(write_csv: WriteCsv) -> None:
    folder = write_csv("sites", "\ufeffcode;name;kind;country\r\nK;Kyiv, centre;delivery;UA\r\n")

    table = read_tables(folder)["sites"]

    assert table.header == ("code", "name", "kind", "country")
    assert table.rows == (RawRow(2, ("K", "Kyiv, centre", "delivery", "UA")),)


def test_a_spreadsheet_export_with_bom_and_semicolons_imports(write_csv: WriteCsv) -> None:
    folder = write_csv(
        "parties",
        '\ufeffcode;name;roles;gdp_eur\r\nPL;Poland;"donor;hub_operator";812000000000\r\n',
    )

    result = validate(read_tables(folder), Dataset(), update=False)

    assert result.problems == []
    assert result.dataset.parties == (
        Party("PL", "Poland", frozenset({Role.DONOR, Role.HUB_OPERATOR}), Decimal(812 * 10**9)),
    )


def test_the_separator_is_chosen_per_file(write_csv: WriteCsv) -> None:
    write_csv("lanes", "from;to;days\nD1;H1;3\n")
    folder = write_csv("items", 'code,name\nGEN,"Generator; 20 kVA"\n')

    tables = read_tables(folder)

    assert tables["lanes"].rows[0].cells == ("D1", "H1", "3")
    assert tables["items"].rows[0].cells == ("GEN", "Generator; 20 kVA")


def test_a_semicolon_inside_a_comma_file_does_not_fool_detection() -> None:
    assert separator_of("code,name,roles\nDE,Germany,donor;lender\n") == ","
    assert separator_of("code;name;roles\nDE;Germany;donor\n") == ";"
    assert separator_of("code\nDE\n") == ","


def test_old_mac_line_ends_and_empty_files_are_read(write_csv: WriteCsv) -> None:
    write_csv("lanes", "from;to;days\rA;B;1\r")
    folder = write_csv("items", "")

    tables = read_tables(folder)

    assert tables["lanes"].rows == (RawRow(2, ("A", "B", "1")),)
    assert tables["items"].header == ()
    assert tables["items"].rows == ()


def test_row_numbers_are_those_the_user_sees(write_csv: WriteCsv) -> None:
    folder = write_csv("lanes", "from,to,days\nA,B,1\n,,\n\nC,D,2\n")

    rows = read_tables(folder)["lanes"].rows

    assert [row.number for row in rows] == [2, 5]


def test_cells_and_header_lose_surrounding_blanks(write_csv: WriteCsv) -> None:
    folder = write_csv("lanes", "from , to,days,,\n A ,B,1\n")

    table = read_tables(folder)["lanes"]

    assert table.header == ("from", "to", "days")
    assert table.rows[0].cells == ("A", "B", "1")


def test_workbook_and_csv_readers_agree(write_csv: WriteCsv, make_workbook: MakeWorkbook) -> None:
    workbook = make_workbook(
        {
            "pledges": [
                ["id", "quantity", "available_from", "value_eur", "x_note"],
                ["P1", 12.0, dt.datetime(2026, 3, 1), 0.1 + 0.2, None],
                [None, None, None, None, None],
                ["007", 2.5, dt.date(2026, 3, 2), 1500000, "kept as text"],
            ]
        }
    )
    folder = write_csv(
        "pledges",
        "id,quantity,available_from,value_eur,x_note\n"
        "P1,12,2026-03-01,0.3,\n,,,,\n007,2.5,2026-03-02,1500000,kept as text\n",
    )

    assert read_tables(workbook)["pledges"].rows == read_tables(folder)["pledges"].rows
    assert read_tables(workbook)["pledges"].header == read_tables(folder)["pledges"].header


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (12.0, "12"),
        (12, "12"),
        (0.1 + 0.2, "0.3"),
        (1e-7, "0.0000001"),
        (1.5e16, "15000000000000000"),
        (True, "true"),
        (dt.datetime(2026, 3, 1), "2026-03-01"),
        (dt.datetime(2026, 3, 1, 10, 30), "2026-03-01T10:30:00"),
        (dt.date(2026, 3, 1), "2026-03-01"),
        ("text", "text"),
    ],
)
def test_workbook_cells_read_as_csv_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_every_sheet_is_a_table_named_after_it(make_workbook: MakeWorkbook) -> None:
    path = make_workbook({"parties": [["code"]], "Notes": [["anything"], ["else"]]})

    tables = read_tables(path)

    assert list(tables) == ["parties", "Notes"]
    assert tables["Notes"].rows == (RawRow(2, ("else",)),)
    assert tables["Notes"].source == "import.xlsx[Notes]"


def test_a_single_csv_file_is_one_table(write_csv: WriteCsv) -> None:
    folder = write_csv("lanes", "from,to,days\nA,B,1\n")

    assert list(read_tables(folder / "lanes.csv")) == ["lanes"]


def test_other_files_in_a_folder_are_left_alone(write_csv: WriteCsv) -> None:
    folder = write_csv("lanes", "from,to,days\n")
    (folder / "README.txt").write_text("notes for the team")

    assert list(read_tables(folder)) == ["lanes"]


def test_a_file_that_is_not_utf8_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_bytes("code,name\nCI,Côte d'Ivoire\n".encode("cp1252"))

    with pytest.raises(UnreadableFile, match=r"parties\.csv: not UTF-8"):
        read_tables(tmp_path)


def test_a_damaged_workbook_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip archive")

    with pytest.raises(UnreadableFile, match=r"broken\.xlsx"):
        read_tables(path)


def test_other_file_types_and_missing_paths_are_refused(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text("{}")

    with pytest.raises(UnreadableFile, match=r"expected an \.xlsx"):
        read_tables(tmp_path / "data.json")
    with pytest.raises(FileNotFoundError):
        read_tables(tmp_path / "absent.xlsx")

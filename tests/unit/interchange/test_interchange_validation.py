"""Validation finds every mistake of a file in one pass and locates each one exactly."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from pledgeflow.adapters.importers import ImportProblem, RawTable, read_tables, validate
from pledgeflow.adapters.importers.raw_tables import raw_table
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import PledgeStatus

MakeWorkbook = Callable[[dict[str, list[list[object]]]], Path]

REQUIREMENT = "id,item,quantity,priority,needed_by,destination\n"
PLEDGE = "id,donor,item,quantity,available_from,origin\n"
SITE = "code,name,kind,country,capacity_t_per_day,handling_days\n"
ITEM = "code,name,supply_class,unit,unit_mass_kg,divisible,substitution_group"
ITEM += ",substitution_penalty\n"


def tables(**texts: str) -> dict[str, RawTable]:
    """Raw tables from CSV text, keyed by table name, as read_tables would give them."""
    return {
        name: raw_table(name, f"{name}.csv", csv.reader(io.StringIO(text)))
        for name, text in texts.items()
    }


def located(problems: list[ImportProblem]) -> list[tuple[str, int | None, str | None, str | None]]:
    return [(p.table, p.row, p.column, p.value) for p in problems]


MISTAKES = [
    ("parties", "code,name,roles,colour\nFR,France,donor,blue\n", 1, "colour", "colour",
     "unknown column"),
    ("parties", "code,name,roles,name\nFR,France,donor,F\n", 1, "name", "name", "appears twice"),
    ("items", "code,name,unit,unit_mass_kg\nX,X,each,1\n", 1, "supply_class", None,
     "required column is missing"),
    ("requirements", REQUIREMENT + "R2,GEN,,1,2026-03-01,K\n", 2, "quantity", "",
     "a value is required"),
    ("pledges", PLEDGE + "P2,DE,GEN,ten,2026-03-01,D1\n", 2, "quantity", "ten", "not a number"),
    ("pledges", PLEDGE + "P2,DE,GEN,\"1,5\",2026-03-01,D1\n", 2, "quantity", "1,5", "use '.'"),
    ("requirements", REQUIREMENT + "R2,GEN,-5,1,2026-03-01,K\n", 2, "quantity", "-5",
     "greater than zero"),
    ("pledges", PLEDGE + "P2,DE,GEN,0,2026-03-01,D1\n", 2, "quantity", "0", "greater than zero"),
    ("requirements", REQUIREMENT + "R2,GEN,5,1,2026-13-01,K\n", 2, "needed_by", "2026-13-01",
     "YYYY-MM-DD"),
    ("pledges", PLEDGE + "P2,DE,GEN,5,01/03/2026,D1\n", 2, "available_from", "01/03/2026",
     "YYYY-MM-DD"),
    ("items", ITEM + "X,X,XI,each,1,,,\n", 2, "supply_class", "XI", "not one of: I, II"),
    ("items", ITEM + "X,X,I,each,1,maybe,,\n", 2, "divisible", "maybe", "true/false"),
    ("sites", SITE + "W,Warehouse,warehouse,PL,,\n", 2, "kind", "warehouse", "not one of"),
    ("pledges", PLEDGE[:-1] + ",status\nP2,DE,GEN,5,2026-03-01,D1,promised\n", 2, "status",
     "promised", "not one of"),
    ("requirements", REQUIREMENT[:-1] + ",releasability\nR2,GEN,5,1,2026-03-01,K,secret\n", 2,
     "releasability", "secret", "public, restricted"),
    ("parties", "code,name,roles\nFR,France,donor;donr\n", 2, "roles", "donor;donr",
     "unknown role 'donr'"),
    ("requirements", REQUIREMENT + "R2,GEN,5,6,2026-03-01,K\n", 2, "priority", "6",
     "from 1 to 5"),
    ("requirements", REQUIREMENT + "R2,GEN,5,high,2026-03-01,K\n", 2, "priority", "high",
     "not a whole number"),
    ("lanes", "from,to,days\nH1,K,1.5\n", 2, "days", "1.5", "not a whole number"),
    ("lanes", "from,to,days\nH1,K,-1\n", 2, "days", "-1", "0 or more"),
    ("requirements", REQUIREMENT + "R2,TANK,5,1,2026-03-01,K\n", 2, "item", "TANK",
     "no such item"),
    ("requirements", REQUIREMENT + "R2,GEN,5,1,2026-03-01,Z\n", 2, "destination", "Z",
     "no such site"),
    ("pledges", PLEDGE + "P2,XX,GEN,5,2026-03-01,D1\n", 2, "donor", "XX", "no such party"),
    ("pledges", PLEDGE + "P2,DE,GEN,5,2026-03-01,Q\n", 2, "origin", "Q", "no such site"),
    ("pledges", PLEDGE[:-1] + ",earmark\nP2,DE,GEN,5,2026-03-01,D1,R9\n", 2, "earmark", "R9",
     "no such requirement"),
    ("pledges", PLEDGE + "P2,UA,GEN,5,2026-03-01,D1\n", 2, "donor", "UA", "donor role"),
    ("lanes", "from,to,days\nQ,K,1\n", 2, "from", "Q", "no such site"),
    ("lanes", "from,to,days\nK,K,1\n", 2, "to", "K", "two different sites"),
    ("hub_calendar", "hub,from,to,capacity_t_per_day\nD1,2026-01-01,2026-01-02,5\n", 2, "hub",
     "D1", "not a hub"),
    ("hub_calendar", "hub,from,to,capacity_t_per_day\nH1,2026-01-05,2026-01-02,5\n", 2, "to",
     "2026-01-02", "before 'from'"),
    ("sites", SITE + "H2,Hub 2,hub,PL,,\n", 2, "capacity_t_per_day", "", "needs a daily capacity"),
    ("items", ITEM + "X,X,I,each,1,,,0.5\n", 2, "substitution_penalty", "0.5",
     "needs a substitution_group"),
    ("parties", "code,name,roles\nDE,Germany,donor\n", 2, "code", "DE", "already present"),
    ("lanes", "from,to,days\nD1,H1,4\n", 2, "from", "D1, H1", "already present"),
    ("hub_calendar", "hub,from,to,capacity_t_per_day\nH1,2026-01-01,2026-01-02,5\n", 2, "hub",
     "H1, 2026-01-01, 2026-01-02", "already present"),
    ("lanes", "from,to,days\nH1,K,1,2\n", 2, None, "2", "column 4, which has no name"),
    ("requirements", REQUIREMENT + "R2,GEN,1.2345,1,2026-03-01,K\n", 2, "quantity", "1.2345",
     "at most 3 decimal places"),
    ("pledges", PLEDGE[:-1] + ",value_eur\nP2,DE,GEN,1.500,2026-03-01,D1,0.125\n", 2,
     "value_eur", "0.125", "at most 2 decimal places"),
    ("pledges", PLEDGE + "P2,DE,GEN,1E+15,2026-03-01,D1\n", 2, "quantity", "1E+15",
     "at most 15 digits before"),
    ("lanes", "from,to,days\nH1,K,1E+12\n", 2, "days", "1E+12", "not a whole number"),
    ("hub_calendar", "hub,from,to,capacity_t_per_day\nH1,2026-01-02,2026-01-09,5\n", 2, "from",
     "2026-01-02", "overlaps the entry for 2026-01-01…2026-01-02 in the database"),
    ("pledges", PLEDGE + "P2,DE,TENT,2.5,2026-03-01,D1\n", 2, "quantity", "2.5",
     "item TENT is indivisible"),
]  # fmt: skip


@pytest.mark.parametrize(("table", "text", "row", "column", "value", "reason"), MISTAKES)
def test_each_mistake_is_located(
    known: Dataset, table: str, text: str, row: int, column: str | None, value: str, reason: str
) -> None:
    result = validate(tables(**{table: text}), known, update=False)

    assert located(result.problems) == [(table, row, column, value)]
    assert reason in result.problems[0].reason
    assert not result.ok


def test_a_duplicate_key_names_the_first_row(known: Dataset) -> None:
    rows = ["R2,GEN,5,1,2026-03-01,K", "R3,GEN,5,1,2026-03-01,K", "R2,GEN,1,1,2026-03-01,K"]
    text = REQUIREMENT + "\n".join(rows)

    result = validate(tables(requirements=text), known, update=False)

    assert located(result.problems) == [("requirements", 4, "id", "R2")]
    assert result.problems[0].reason == "duplicate: same key as row 2"
    assert [r.id for r in result.dataset.requirements] == ["R2", "R3"]


def test_an_unknown_table_is_reported_once(known: Dataset) -> None:
    result = validate(tables(donors="code\nDE\n"), known, update=False)

    assert located(result.problems) == [("donors", None, None, "donors.csv")]
    assert str(result.problems[0]).startswith("donors ('donors.csv'): unknown table; tables are:")


def test_a_row_reports_all_its_mistakes(known: Dataset) -> None:
    text = PLEDGE[:-1] + ",value_eur\nP2,XX,GEN,-1,2026-02-30,Q,1.001\n"

    result = validate(tables(pledges=text), known, update=False)

    assert {p.column for p in result.problems} == {
        "donor", "quantity", "available_from", "origin", "value_eur"
    }  # fmt: skip


def test_a_missing_column_is_reported_once_not_per_row(known: Dataset) -> None:
    text = "id,item,quantity,priority,destination\n" + "R2,GEN,5,1,K\nR3,GEN,5,1,K\n"

    result = validate(tables(requirements=text), known, update=False)

    assert located(result.problems) == [("requirements", 1, "needed_by", None)]
    assert result.dataset.requirements == ()


def test_references_resolve_against_the_file_and_the_database(known: Dataset) -> None:
    result = validate(
        tables(
            parties="code,name,roles\nFR,France,donor;lender\n",
            sites=SITE + "H2,Hub 2,Hub,PL,50,2\n",
            requirements=REQUIREMENT + "R2,GEN,5,2,2026-03-01,K\n",
            pledges=PLEDGE[:-1]
            + ",earmark\nP2,FR,GEN,5,2026-03-01,D1,R2\nP3,DE,GEN,1,2026-03-01,H2,R1",
            hub_calendar="hub,from,to,capacity_t_per_day\nH2,2026-01-01,2026-01-02,0\n",
        ),
        known,
        update=False,
    )

    assert result.problems == []
    assert result.added == {
        "parties": 1, "sites": 1, "hub_calendar": 1, "requirements": 1, "pledges": 2
    }  # fmt: skip
    assert result.dataset.parties[0].roles == frozenset({Role.DONOR, Role.LENDER})
    assert result.dataset.pledges[1].earmark == "R1"


def test_update_turns_known_rows_into_updates(known: Dataset) -> None:
    result = validate(
        tables(
            parties="code,name,roles,gdp_eur\nDE,Germany,donor;lender,4100000000000\n",
            items="code,name,supply_class,unit,unit_mass_kg\nGEN,Generator,vii,each,455.5\n",
        ),
        known,
        update=True,
    )

    assert result.problems == []
    assert result.updated == {"parties": 1, "items": 1}
    assert result.added == {"parties": 0, "items": 0}
    assert result.dataset.parties[0].gdp_eur == Decimal("4.1E+12")
    assert result.dataset.items[0].unit_mass_kg == Decimal("455.5")


def test_an_update_may_not_move_a_pledge_backwards(known: Dataset) -> None:
    text = PLEDGE[:-1] + ",status\nP1,DE,GEN,4,2026-01-05,D1,announced\n"

    result = validate(tables(pledges=text), known, update=True)

    assert located(result.problems) == [("pledges", 2, "status", "announced")]
    assert "cannot move from shipped to announced" in result.problems[0].reason


def test_roles_in_the_file_override_those_in_the_database(known: Dataset) -> None:
    result = validate(
        tables(
            parties="code,name,roles\nDE,Germany,lender\n",
            pledges=PLEDGE + "P2,DE,GEN,5,2026-03-01,D1\n",
        ),
        known,
        update=True,
    )

    assert located(result.problems) == [("pledges", 2, "donor", "DE")]


def test_defaults_and_spellings(known: Dataset) -> None:
    result = validate(
        tables(
            items=ITEM + "A,Ammo,v,box,12.5,NO,,\nB,Bread,I,kg,1,,food,\nC,Cake,I,kg,1,Yes,food,0",
            lanes="from,to,days,x_comment\nH1,K,0,same city\n",
        ),
        known,
        update=False,
    )

    assert result.problems == []
    assert [item.divisible for item in result.dataset.items] == [False, True, True]
    assert [item.substitution_penalty for item in result.dataset.items] == [None, None, 0]
    assert result.dataset.lanes[0].days == 0


def test_a_workbook_with_many_mistakes_gives_one_result_listing_each(
    known: Dataset, make_workbook: MakeWorkbook
) -> None:
    path = make_workbook(
        {
            "parties": [["code", "name", "roles"], ["FR", "France", "donor"], ["PL", "", "hub"]],
            "sites": [
                ["code", "name", "kind", "country", "capacity_t_per_day"],
                ["H3", "Hub 3", "hub", "PL", -4],
            ],
            "requirements": [
                ["id", "item", "quantity", "priority", "needed_by", "destination", "x_memo"],
                ["R2", "GEN", 5, 9, dt.datetime(2026, 3, 1), "K", "ignored"],
                ["R3", "GEN", 5, 1, "next week", "K", None],
            ],
            "pledges": [
                ["id", "donor", "item", "quantity", "available_from", "origin", "status"],
                ["P2", "FR", "GEN", 5, dt.date(2026, 3, 1), "D1", "committed"],
                ["P3", "FR", "TANK", 5, dt.date(2026, 3, 1), "D1", "committed"],
                ["P2", "FR", "GEN", 1, dt.date(2026, 3, 1), "D1", "committed"],
                ["P1", "DE", "GEN", 0, dt.date(2026, 3, 1), "D1", "shipped"],
            ],
            "budget": [["year"], [2026]],
        }
    )

    result = validate(read_tables(path), known, update=False)

    assert located(result.problems) == [
        ("budget", None, None, "import.xlsx[budget]"),
        ("parties", 3, "name", ""),
        ("parties", 3, "roles", "hub"),
        ("sites", 2, "capacity_t_per_day", "-4"),
        ("requirements", 2, "priority", "9"),
        ("requirements", 3, "needed_by", "next week"),
        ("pledges", 3, "item", "TANK"),
        ("pledges", 4, "id", "P2"),
        ("pledges", 5, "quantity", "0"),
        ("pledges", 5, "id", "P1"),
    ]
    assert [p.id for p in result.dataset.pledges] == ["P2"]
    assert [p.code for p in result.dataset.parties] == ["FR"]
    assert result.dataset.pledges[0].status is PledgeStatus.COMMITTED


def test_progress_is_reported_per_table(known: Dataset) -> None:
    rows = "".join(f"R{n},GEN,1,3,2026-03-01,K\n" for n in range(2, 1202))
    calls: list[tuple[str, int, int]] = []

    validate(
        tables(requirements=REQUIREMENT + rows, lanes="from,to,days\nH1,K,1\n"),
        known,
        update=False,
        on_row=lambda table, done, total: calls.append((table, done, total)),
    )

    assert calls == [
        ("lanes", 1, 1),
        ("requirements", 500, 1200),
        ("requirements", 1000, 1200),
        ("requirements", 1200, 1200),
    ]


def test_a_problem_reads_as_a_sentence() -> None:
    problem = ImportProblem("pledges", 7, "quantity", "-5", "must be greater than zero")

    assert str(problem) == "pledges, row 7, column quantity ('-5'): must be greater than zero"
    assert str(ImportProblem("items", 1, "unit", None, "required column is missing")) == (
        "items, row 1, column unit: required column is missing"
    )


def test_the_result_holds_only_the_files_rows(known: Dataset) -> None:
    result = validate(tables(parties="code,name,roles\nFR,France,donor\n"), known, update=False)

    assert result.ok
    assert result.dataset == Dataset(parties=(Party("FR", "France", frozenset({Role.DONOR})),))


def test_calendar_entries_of_one_hub_may_not_overlap_within_the_file(known: Dataset) -> None:
    text = "hub,from,to,capacity_t_per_day\n" + "\n".join(
        [
            "H1,2026-02-01,2026-02-10,5",
            "H1,2026-02-11,2026-02-12,0",
            "H1,2026-02-12,2026-02-20,7",
            "H1,2026-01-01,2026-01-02,9",
        ]
    )

    result = validate(tables(hub_calendar=text), known, update=True)

    assert located(result.problems) == [("hub_calendar", 4, "from", "2026-02-12")]
    assert "2026-02-11…2026-02-12 in row 3" in result.problems[0].reason
    assert result.updated == {"hub_calendar": 1}


def test_whole_quantities_are_needed_only_for_indivisible_items(known: Dataset) -> None:
    result = validate(
        tables(
            items="code,name,supply_class,unit,unit_mass_kg,divisible\nFUEL,Diesel,III,l,0.85,\n"
            "COT,Cot,II,each,9,false\n",
            requirements=REQUIREMENT + "R2,FUEL,2.5,1,2026-03-01,K\nR3,COT,2.5,1,2026-03-01,K\n"
            "R4,COT,3.000,1,2026-03-01,K\nR5,TENT,1E+1,1,2026-03-01,K\n",
        ),
        known,
        update=False,
    )

    assert located(result.problems) == [("requirements", 3, "quantity", "2.5")]


def test_an_empty_table_reports_each_missing_required_column(known: Dataset) -> None:
    result = validate(tables(lanes=""), known, update=False)

    assert located(result.problems) == [
        ("lanes", 1, "from", None),
        ("lanes", 1, "to", None),
        ("lanes", 1, "days", None),
    ]

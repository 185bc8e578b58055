"""Reading `shipment_events` sheets: every problem of the file at once, each naming its row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from pledgeflow.adapters.importers import ImportProblem, read_tables
from pledgeflow.adapters.importers.shipment_events import EventRow, read_shipment_events
from pledgeflow.domain.shipments import AllocationRef, EventKind

HEADER = "event_id,shipment,allocation,event,date,site,quantity,note\n"


def read(
    tmp_path: Path, text: str, name: str = "shipment_events.csv"
) -> tuple[list[EventRow], list[ImportProblem]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_shipment_events(read_tables(path))


def test_a_clean_sheet_gives_its_events_in_row_order(tmp_path: Path) -> None:
    rows, problems = read(
        tmp_path,
        HEADER
        + "e1,S-1,2/P-1/R-1/HUB,Dispatched,2026-12-01,,4.5,by road\n"
        + "e2,S-1,,lost,2026-12-02,HUB,0.5,\n",
    )
    assert problems == []
    assert [r.row for r in rows] == [2, 3]
    first, second = (r.event for r in rows)
    assert first.allocation == AllocationRef(2, "P-1", "R-1", "HUB")
    assert (first.kind, first.date, first.quantity, first.note) == (
        EventKind.DISPATCHED,
        dt.date(2026, 12, 1),
        Decimal("4.5"),
        "by road",
    )
    assert (second.kind, second.site, second.allocation) == (EventKind.LOST, "HUB", None)


def test_every_problem_is_reported_with_its_row(tmp_path: Path) -> None:
    rows, problems = read(
        tmp_path,
        HEADER
        + "e1,S-1,two/P-1/R-1/HUB,dispatched,2026-12-01,,4,\n"
        + "e2,S-1,,flew,12/01/2026,,-1,\n"
        + "e1,S-2,,lost,2026-12-01,,1.0001,\n",
    )
    assert rows == []
    found = {(p.row, p.column, p.reason.split(" (")[0].split(":")[0]) for p in problems}
    assert found == {
        (2, "allocation", "the plan is a number or 'unplanned'"),
        (3, "event", "not one of"),
        (3, "date", "not a date written YYYY-MM-DD"),
        (3, "quantity", "must be greater than zero"),
        (4, "quantity", "at most 3 decimal places"),
        (4, "event_id", "duplicate"),
    }


def test_headers_and_other_tables_are_checked(tmp_path: Path) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    (folder / "shipment_events.csv").write_text("event_id,shipment,event,when,x_mine\n")
    (folder / "pledges.csv").write_text("id\n")
    _rows, problems = read_shipment_events(read_tables(folder))
    reasons = {(p.table, p.column, p.reason.split(" (")[0]) for p in problems}
    assert ("pledges", None, "expected only a shipment_events table") in reasons
    assert ("shipment_events", "when", "unknown column") in reasons
    assert ("shipment_events", "date", "required column is missing") in reasons
    assert ("shipment_events", "quantity", "required column is missing") in reasons
    assert not any(p.column == "x_mine" for p in problems)

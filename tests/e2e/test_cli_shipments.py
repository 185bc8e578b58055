"""`pledgeflow ship …` end to end: plan, approve, record events one by one and from a sheet,
then read the delivery views; mistakes end with one clear line and exit code 1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.cli import context
from tests.e2e.conftest import Run
from tests.integration.test_storage import small_dataset


@pytest.fixture(autouse=True)
def wide_console() -> Iterator[None]:
    """Tables drawn at full width, so that each row reads on one line."""
    width = context.console.width
    context.console.width = 200
    yield
    context.console.width = width


def planned(cli: Run, tmp_path: Path) -> None:
    write_dataset(small_dataset(), tmp_path / "data")
    assert cli("import", tmp_path / "data").exit_code == 0
    made = cli("plan", "--as-of", "2026-11-25")
    assert made.exit_code == 0, made.output
    assert cli("plan", "approve", "1").exit_code == 0


def words(text: str) -> str:
    """The output's words in order, table borders left out."""
    return " ".join(text.replace("│", " ").replace("┃", " ").split())


def test_a_shipment_recorded_step_by_step(cli: Run, tmp_path: Path) -> None:
    planned(cli, tmp_path)
    ref = "1/P-1/R-1/HUB-RZE"
    steps = [
        ("dispatch", "--allocation", ref, "-q", "6", "--date", "2026-11-25"),
        ("receive", "-q", "6", "--date", "2026-11-27"),
        ("depart", "-q", "6", "--date", "2026-11-28"),
    ]
    for command, *options in steps:
        result = cli("ship", command, "S-1", *options)
        assert result.exit_code == 0, result.output
        assert "Recorded" in result.output
    again = cli("ship", "depart", "S-1", "-q", "6", "--date", "2026-11-28")
    assert "Already recorded (nothing changed)" in words(again.output)

    too_much = cli("ship", "deliver", "S-1", "-q", "7", "--date", "2026-11-29")
    assert too_much.exit_code == 1
    assert "shipment 'S-1', event" in words(too_much.output)
    assert "quantity: 7 exceeds the 6 on the way to the destination" in words(too_much.output)

    transit = cli("ship", "transit", "--as-of", "2026-11-28")
    assert "HUB-RZE → DLV-KYIV" in words(transit.output)
    assert cli("ship", "deliver", "S-1", "-q", "6", "--date", "2026-11-29").exit_code == 0
    status = cli("ship", "status", "--as-of", "2026-11-30")
    assert "R-1 1 12 6 0 4 2" in words(status.output)
    assert "P-1 POL allocated 10 6 0 6 0 4" in words(status.output)
    track = cli("ship", "track", "--as-of", "2026-11-30")
    assert track.exit_code == 0, track.output
    assert "P-1 R-1 HUB-RZE" in words(track.output)
    hubs = cli("ship", "hubs", "--from", "2026-11-27", "--to", "2026-11-28")
    assert "HUB-RZE 2026-11-27 1.1 0.0 0.0 1.1" in words(hubs.output)
    assert "No hub-day sent out more than its capacity." in words(hubs.output)
    shown = cli("ship", "show", "S-1")
    assert "S-1:delivered:2026-11-29:6" in words(shown.output)
    assert cli("audit", "verify").exit_code == 0


def test_a_departure_on_a_closed_hub_day_is_flagged(cli: Run, tmp_path: Path) -> None:
    """The hub calendar closes HUB-RZE from 24 to 26 December: 4 generators (0.7 t) leaving on
    the 24th are real over-capacity, which `ship hubs` says in words, not only in colour."""
    planned(cli, tmp_path)
    steps = [
        ("dispatch", "--allocation", "1/P-1/R-1/HUB-RZE", "-q", "4", "--date", "2026-12-20"),
        ("receive", "-q", "4", "--date", "2026-12-22"),
        ("depart", "-q", "4", "--date", "2026-12-24"),
    ]
    for command, *options in steps:
        assert cli("ship", command, "S-9", *options).exit_code == 0
    hubs = words(cli("ship", "hubs", "--from", "2026-12-23", "--to", "2026-12-25").output)
    assert "HUB-RZE 2026-12-24 0.0 0.7 0.0 0.0 0.0 OVER by 0.7 t" in hubs
    assert "1 hub-day(s) sent out more than their capacity." in hubs


def test_a_sheet_is_recorded_all_or_nothing(cli: Run, tmp_path: Path) -> None:
    planned(cli, tmp_path)
    header = "event_id,shipment,allocation,event,date,site,quantity,note\n"
    sheet = tmp_path / "shipment_events.csv"
    sheet.write_text(
        header
        + "e1,S-1,1/P-1/R-1/HUB-RZE,dispatched,2026-11-25,,4,\n"
        + "e2,S-1,,received_at_hub,2026-11-27,HUB-RZE,5,\n"
        + "e3,S-1,,teleported,2026-11-27,,1,\n"
    )
    refused = cli("ship", "import", sheet)
    assert refused.exit_code == 1
    assert "teleported" in refused.output
    assert cli("ship", "show").output.count("S-1") == 0

    sheet.write_text(
        header
        + "e1,S-1,1/P-1/R-1/HUB-RZE,dispatched,2026-11-25,,4,\n"
        + "e2,S-1,,received_at_hub,2026-11-27,HUB-RZE,5,\n"
    )
    refused = cli("ship", "import", sheet)
    assert refused.exit_code == 1
    assert "5 exceeds the 4 on the way to the hub" in words(refused.output)
    assert cli("ship", "show").output.count("S-1") == 0

    sheet.write_text(header + "e1,S-1,1/P-1/R-1/HUB-RZE,dispatched,2026-11-25,,4,first\n")
    recorded = cli("ship", "import", sheet)
    assert recorded.exit_code == 0, recorded.output
    assert "Recorded 1 event(s); 0 were already recorded" in words(recorded.output)
    again = cli("ship", "import", sheet)
    assert "Recorded 0 event(s); 1 were already recorded" in words(again.output)

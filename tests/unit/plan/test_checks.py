"""Input checks name the record and the field of every defect, all at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from plan_instances import dataset, day, item, need, offer

from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.domain.sites import HubCalendarEntry, Lane
from pledgeflow.plan import PlanInputError, build_problem


def issues(data: object) -> set[str]:
    with pytest.raises(PlanInputError) as raised:
        build_problem(data)  # type: ignore[arg-type]
    return {str(issue) for issue in raised.value.issues}


def test_every_defect_is_named_with_record_and_field() -> None:
    data = dataset(
        (item("A"), item("T", divisible=False)),
        (
            need("R1", "X", "5", 1, 3),
            need("R2", "T", "2.5", 1, 3),
            need("R3", "A", "1", 1, 3, "D9"),
        ),
        (offer("P1", "A", "5", earmark="R404"), offer("P2", "A", "5", origin="NOWHERE")),
        lanes=(Lane("DEP", "MOON", 1),),
        calendar=(HubCalendarEntry("D1", day(0), day(2), Decimal(5)),),
    )
    assert issues(data) == {
        "lane 'DEP' → 'MOON': to: site 'MOON' does not exist",
        "hub_calendar 'D1' 2026-01-01…2026-01-03: hub: site 'D1' is not a hub",
        "requirement 'R1': item: item 'X' is not in the catalogue, so it has no unit mass",
        "requirement 'R2': quantity: item is indivisible: whole units only",
        "requirement 'R3': destination: site 'D9' does not exist",
        "pledge 'P1': earmark: requirement 'R404' does not exist",
        "pledge 'P2': origin: site 'NOWHERE' does not exist",
    }


def test_unplannable_pledges_are_not_checked_or_used() -> None:
    data = dataset(
        (item("A"),),
        (need("R1", "A", "5", 1, 3),),
        (offer("P1", "A", "5", origin="NOWHERE", status=PledgeStatus.ANNOUNCED),),
    )
    assert build_problem(data).pledge_ids == ()


def test_earmark_to_an_incompatible_item_is_an_input_error() -> None:
    data = dataset(
        (item("A"), item("B")),
        (need("R1", "B", "5", 1, 3),),
        (offer("P1", "A", "5", earmark="R1"),),
    )
    assert issues(data) == {
        "pledge 'P1': earmark: requirement 'R1' needs 'B', which 'A' cannot serve"
    }

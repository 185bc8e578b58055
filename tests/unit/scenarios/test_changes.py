"""Each change kind applied to a snapshot, its written forms, and its checks."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from scenario_instances import AS_OF, day, item, need, offer, snapshot

from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.overlays import ChangeError, OverlayError, apply_changes
from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.domain.scenario_texts import change_from_fields, fields_of, parse_change
from pledgeflow.domain.scenarios import (
    CapHub,
    CloseHub,
    CloseLane,
    Cut,
    Delay,
    SetPriority,
    Snapshot,
    Withdraw,
)
from pledgeflow.domain.sites import HubCalendarEntry


def _base() -> Snapshot:
    return snapshot(
        (item("A"), Item("T", "T", SupplyClass.VII, "each", Decimal(1000), divisible=False)),
        (need("R1", "A", 10, 1, 5),),
        (offer("P1", "USA", "A", 10), offer("P2", "USA", "T", 5), offer("P3", "DEU", "A", 3)),
    )


def test_withdraw_delay_and_cut_touch_only_the_donors_open_pledges() -> None:
    base = _base()
    out = apply_changes(base, [Withdraw("USA")])
    assert [p.status for p in out.dataset.pledges] == [
        PledgeStatus.WITHDRAWN,
        PledgeStatus.WITHDRAWN,
        PledgeStatus.COMMITTED,
    ]
    late = apply_changes(base, [Delay("USA", 7)])
    assert [p.available_from for p in late.dataset.pledges] == [day(7), day(7), AS_OF]
    cut = apply_changes(base, [Cut("USA", Decimal("0.5"))])
    # 10 × 0.5 = 5; 5 indivisible × 0.5 = 2.5, rounded down to whole units: 2.
    assert [p.quantity for p in cut.dataset.pledges] == [5, 2, 3]
    only_vii = apply_changes(base, [Cut("USA", Decimal(1), SupplyClass.VII)])
    assert [p.status for p in only_vii.dataset.pledges][:2] == [
        PledgeStatus.COMMITTED,
        PledgeStatus.WITHDRAWN,
    ]
    assert base.dataset.pledges[0].status is PledgeStatus.COMMITTED  # the snapshot is untouched


def test_hub_closures_and_caps_splice_the_calendar() -> None:
    calendar = (HubCalendarEntry("HA", day(0), day(9), Decimal(50)),)
    plain = _base()
    base = replace(plain, dataset=replace(plain.dataset, hub_calendar=calendar))
    closed = apply_changes(base, [CloseHub("HA", day(3), day(4))]).dataset.hub_calendar
    assert [(e.from_date, e.to_date, e.capacity_t_per_day) for e in closed] == [
        (day(0), day(2), 50),
        (day(3), day(4), 0),
        (day(5), day(9), 50),
    ]
    capped = apply_changes(base, [CapHub("HA", day(8), day(11), Decimal(70))]).dataset
    assert [(e.from_date, e.to_date, e.capacity_t_per_day) for e in capped.hub_calendar] == [
        (day(0), day(7), 50),
        (day(8), day(9), 50),
        (day(10), day(11), 70),
    ]


def test_a_lane_closed_all_run_goes_and_a_shorter_closure_lengthens_it() -> None:
    base = _base()
    gone = apply_changes(base, [CloseLane("DEP", "HA", day(-5), day(40))]).dataset.lanes
    assert ("DEP", "HA") not in {(lane.from_site, lane.to_site) for lane in gone}
    slower = apply_changes(base, [CloseLane("DEP", "HA", day(-5), day(2))]).dataset.lanes
    assert {(x.from_site, x.to_site): x.days for x in slower}[("DEP", "HA")] == 1 + 3


def test_every_defect_is_named_by_change_field_and_reason() -> None:
    with pytest.raises(OverlayError) as raised:
        apply_changes(
            _base(),
            [
                Withdraw("UKR"),
                CloseHub("DEP", day(0), day(1)),
                CloseLane("HA", "DEP", day(0), day(1)),
                SetPriority("R9", 7),
                Delay("USA", 0),
            ],
        )
    assert [str(e) for e in raised.value.errors] == [
        "change 1 (withdraw UKR): donor: party 'UKR' is not a donor",
        "change 2 (close DEP 2027-01-04 2027-01-05): hub: site 'DEP' is not a hub",
        "change 3 (close HA>DEP 2027-01-04 2027-01-05): lane: no lane 'HA' > 'DEP'",
        "change 4 (priority R9 7): requirement: no requirement 'R9'",
        "change 4 (priority R9 7): priority: must be 1 (critical) to 5 (routine)",
        "change 5 (delay USA 0): days: must be 1 to 3660",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "withdraw USA",
        "withdraw USA from 2027-01-10",
        "delay DEU 14",
        "cut FRA 0.5 III",
        "close HUB-RZE 2027-01-01 2027-01-07",
        "cap HUB-RZE 2027-01-01 2027-01-31 20",
        "close DEP-X>HUB-RZE 2027-01-01 2027-01-07",
        "add R-NEW GEN-10 5 1 2027-02-01 DLV-KYIV",
        "priority R-7 1",
    ],
)
def test_the_written_forms_round_trip(text: str) -> None:
    change = parse_change(text)
    assert change.text() == text
    assert change_from_fields(fields_of(change)) == change


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("explode USA", "change 1 (explode): kind: 'explode' is not one of"),
        ("delay USA", "change 1 (delay USA): value: is required"),
        ("close A>B 2027-01-01 2027-13-01", "to: '2027-13-01' is not a date YYYY-MM-DD"),
        ("withdraw USA since 2027-01-01", "write: withdraw DONOR from YYYY-MM-DD"),
        ("add R X 0 1 2027-01-01 D", "quantity: must be greater than zero"),
        ("cut USA 0.5 XI", "supply_class: 'XI' is not a class I–X"),
    ],
)
def test_malformed_text_is_refused_naming_the_field(text: str, message: str) -> None:
    with pytest.raises(ChangeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_change(text)

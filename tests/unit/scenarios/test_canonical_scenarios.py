"""The issue's canonical scenarios, each outcome derived by hand (see scenario_instances)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from scenario_instances import AS_OF, day, diff, item, need, offer, snapshot

from pledgeflow.domain.asks import asks, week_of
from pledgeflow.domain.financing import FinanceRecords, Fund, FundContribution
from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.domain.scenarios import CloseHub, Delay, Withdraw
from pledgeflow.domain.shipments import AllocationRef, EventKind, Shipment, ShipmentEvent


def test_the_only_source_of_an_item_withdrawn_leaves_its_need_with_no_supply() -> None:
    """USA alone pledges A (R1, priority 1); DEU's B serves R2. Without USA, R1 gets nothing,
    for want of any compatible pledge, and is the only ask; R2 is untouched."""
    base = snapshot(
        (item("A"), item("B")),
        (need("R1", "A", 10, 1, 5), need("R2", "B", 10, 2, 5)),
        (offer("P1", "USA", "A", 10), offer("P2", "DEU", "B", 10)),
    )
    before, after, result = diff(base, Withdraw("USA"))
    (change,) = result.requirements
    assert (change.requirement, change.fill_before, change.fill_after) == ("R1", 1.0, 0.0)
    assert change.units_lost == 10
    assert change.reason_after == "no_supply"
    assert change.from_date == day(2)  # the baseline's units arrived on day 2
    assert result.lost(1) == 1.0
    assert result.lost(2) == 0.0
    assert result.weighted_loss == 16.0
    (ask,) = asks(after.planned, after.plan)
    assert (ask.item, ask.week, ask.priority, ask.unmet) == ("A", week_of(day(5)), 1, 10.0)
    assert ask.requirements == ["R1"]
    assert ask.donors == []
    assert asks(before.planned, before.plan) == []


def test_a_hub_closed_for_a_week_makes_units_late_but_loses_no_fill() -> None:
    """R1 (10 A by day 3) goes DEP→HA→D1 arriving day 2. With HA closed days 0–6 the best is
    DEP→HB→D1 arriving day 5 (HA would allow day 8): 10 units 3 days later, fill unchanged."""
    base = snapshot((item("A"),), (need("R1", "A", 10, 1, 3),), (offer("P1", "USA", "A", 10),))
    _, after, result = diff(base, CloseHub("HA", day(0), day(6)))
    assert all(t.lost == 0 for t in result.tiers)
    (change,) = result.requirements
    assert change.units_lost == 0
    assert change.fill_after == 1.0
    assert (change.units_later, change.days_later, change.from_date) == (10.0, 3, day(2))
    assert {(a.hub, a.arrival_date, a.days_late) for a in after.plan.allocations} == {
        ("HB", day(5), 2)
    }


def test_a_delay_past_a_priority_1_date_is_covered_by_another_donors_substitute() -> None:
    """R1 needs 10 A by day 3; USA's A and DEU's A2 (same group) both arrive day 2, and A is
    chosen (no substitution cost). Delayed 10 days USA's A would be 9 days late, so DEU's A2
    serves R1 on time: no loss, nothing later."""
    base = snapshot(
        (item("A", "G"), item("A2", "G")),
        (need("R1", "A", 10, 1, 3),),
        (offer("P1", "USA", "A", 10), offer("P2", "DEU", "A2", 10)),
    )
    before, after, result = diff(base, Delay("USA", 10))
    assert {a.pledge for a in before.plan.allocations} == {"P1"}
    assert {(a.pledge, a.substituted, a.days_late) for a in after.plan.allocations} == {
        ("P2", True, 0)
    }
    assert result.requirements == []
    assert result.weighted_loss == 0


def test_withdrawing_a_donor_whose_pledges_are_all_dispatched_changes_nothing() -> None:
    """USA's P1 (10 A) left DEP two days ago for HA; without any undispatched pledge, the
    withdrawal leaves the inputs, the plan and the diff as they were."""
    ref = AllocationRef(None, "P1", "R1", "HA")
    sent = ShipmentEvent("E1", "S1", EventKind.DISPATCHED, day(-2), Decimal(10), allocation=ref)
    shipment = Shipment("S1", ref, "DEP", "D1", (sent,))
    base = snapshot(
        (item("A"),),
        (need("R1", "A", 10, 1, 5), need("R2", "A", 5, 2, 5)),
        (offer("P1", "USA", "A", 10, -5, PledgeStatus.ALLOCATED), offer("P2", "DEU", "A", 5)),
        (shipment,),
    )
    before, after, result = diff(base, Withdraw("USA"))
    assert after.dataset == before.dataset
    assert after.planned == before.planned
    assert after.plan.allocations == before.plan.allocations
    assert result.requirements == []
    assert all(t.lost == 0 for t in result.tiers)
    assert before.served["R1"] == 10.0
    assert after.plan.as_of == AS_OF


def test_withdrawing_a_fund_contributor_takes_its_share_of_what_the_fund_bought() -> None:
    """Fund F has two contributors, DEU 60 and USA 40 (EUR), and bought USA's pledge P1 of 10 A
    for R1. Withdrawing DEU, who pledged nothing itself, leaves P1 with USA's 40 %: 4 units
    reach the plan, and R1 loses 6."""
    bought = dataclasses.replace(offer("P1", "USA", "A", 10), fund="F")
    finance = FinanceRecords(
        funds=(Fund("F", "Fund", "USA"),),
        fund_contributions=(
            FundContribution("F", "DEU", Decimal(60), "EUR", day(-30)),
            FundContribution("F", "USA", Decimal(40), "EUR", day(-30)),
        ),
    )
    base = dataclasses.replace(
        snapshot((item("A"),), (need("R1", "A", 10, 1, 5),), (bought,)), finance=finance
    )
    before, after, result = diff(base, Withdraw("DEU"))
    (kept,) = after.planned.pledges
    assert (kept.id, kept.quantity, kept.status) == ("P1", Decimal(4), PledgeStatus.COMMITTED)
    assert sum(a.quantity for a in before.plan.allocations) == 10
    assert sum(a.quantity for a in after.plan.allocations) == 4
    (change,) = result.requirements
    assert (change.requirement, change.units_lost) == ("R1", 6)

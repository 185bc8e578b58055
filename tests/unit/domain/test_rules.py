"""The domain's rules, with no database in sight."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pledgeflow.domain.errors import DomainError, IllegalTransition
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.plans import Plan, PlanStatus
from pledgeflow.domain.pledges import Pledge, PledgeStatus, allowed_transitions
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import HubCalendarEntry, Lane, Site, SiteKind

DAY = dt.date(2026, 11, 2)


def pledge(status: PledgeStatus = PledgeStatus.ANNOUNCED) -> Pledge:
    return Pledge("P-1", "POL", "FUEL", Decimal(10), DAY, "DEP-POL", status)


def item(code: str, group: str | None = None, penalty: str | None = None) -> Item:
    return Item(
        code,
        code,
        SupplyClass.III,
        "t",
        Decimal(1000),
        substitution_group=group,
        substitution_penalty=None if penalty is None else Decimal(penalty),
    )


def test_the_full_lifecycle_is_legal() -> None:
    p = pledge()
    for status in ("committed", "allocated", "shipped", "delivered"):
        p = p.moved_to(PledgeStatus(status))
    assert p.status is PledgeStatus.DELIVERED


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (PledgeStatus.ANNOUNCED, PledgeStatus.SHIPPED),
        (PledgeStatus.ANNOUNCED, PledgeStatus.DELIVERED),
        (PledgeStatus.COMMITTED, PledgeStatus.DELIVERED),
        (PledgeStatus.SHIPPED, PledgeStatus.WITHDRAWN),
        (PledgeStatus.DELIVERED, PledgeStatus.COMMITTED),
        (PledgeStatus.WITHDRAWN, PledgeStatus.COMMITTED),
    ],
)
def test_illegal_transitions_are_rejected_with_a_clear_error(
    start: PledgeStatus, target: PledgeStatus
) -> None:
    with pytest.raises(IllegalTransition) as raised:
        pledge(start).moved_to(target)
    message = str(raised.value)
    assert "pledge 'P-1'" in message
    assert "status" in message
    assert f"from {start} to {target}" in message


def test_final_states_allow_nothing() -> None:
    assert allowed_transitions(PledgeStatus.DELIVERED) == frozenset()
    assert allowed_transitions(PledgeStatus.WITHDRAWN) == frozenset()


def test_only_firm_pledges_are_plannable() -> None:
    assert not pledge(PledgeStatus.ANNOUNCED).is_plannable
    assert pledge(PledgeStatus.COMMITTED).is_plannable
    assert not pledge(PledgeStatus.WITHDRAWN).is_plannable


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Pledge("P", "POL", "X", Decimal(0), DAY, "D"), "quantity"),
        (lambda: Requirement("R", "X", Decimal(-1), 1, DAY, "D"), "quantity"),
        (lambda: Requirement("R", "X", Decimal(1), 6, DAY, "D"), "priority"),
        (lambda: Site("H", "Hub", SiteKind.HUB, "POL"), "capacity_t_per_day"),
        (lambda: Site("D", "Depot", SiteKind.DEPOT, "POL", Decimal(5)), "capacity_t_per_day"),
        (lambda: Lane("A", "A", 1), "to"),
        (lambda: Lane("A", "B", -1), "days"),
        (lambda: Party("X", "X", frozenset()), "roles"),
        (lambda: item("A").__class__("A", "A", SupplyClass.I, "kg", Decimal(0)), "unit_mass_kg"),
        (lambda: HubCalendarEntry("H", DAY, DAY - dt.timedelta(1), Decimal(0)), "to"),
    ],
)
def test_invalid_records_name_their_field(build: object, field: str) -> None:
    with pytest.raises(DomainError) as raised:
        build()  # type: ignore[operator]
    assert raised.value.field == field


def test_substitution_follows_groups() -> None:
    diesel, petrol, rations = item("DIESEL", "fuel"), item("PETROL", "fuel", "0.5"), item("MRE")
    assert diesel.can_serve(diesel)
    assert petrol.can_serve(diesel)
    assert not rations.can_serve(diesel)
    assert diesel.penalty == Decimal(1)
    assert petrol.penalty == Decimal("0.5")


def test_parties_have_roles() -> None:
    poland = Party("POL", "Poland", frozenset({Role.DONOR, Role.HUB_OPERATOR}))
    assert poland.has_role(Role.HUB_OPERATOR)
    assert not poland.has_role(Role.RECIPIENT)


def test_plan_lifecycle() -> None:
    plan = Plan(as_of=DAY, horizon_end=DAY, allocations=(), shortfalls=())
    approved = plan.approved()
    assert approved.status is PlanStatus.APPROVED
    assert approved.superseded().status is PlanStatus.SUPERSEDED
    with pytest.raises(IllegalTransition):
        approved.approved()
    with pytest.raises(IllegalTransition):
        plan.superseded()

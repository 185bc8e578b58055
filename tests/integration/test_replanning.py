"""Re-planning against the approved plan on real SQLite and PostgreSQL: an unchanged re-plan
moves nothing, a dispatched part is not allocated again, and a loss becomes need again."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from tests.integration.test_storage import small_dataset

from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Plan
from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.shipments import AllocationRef, EventKind, ShipmentEvent
from pledgeflow.service import plans
from pledgeflow.service.shipments import record_event

DAY = dt.date(2026, 11, 25)
Triples = dict[tuple[str, str, str], float]


def two_needs() -> Dataset:
    """R-1 (priority 1) needs 12 generators, R-2 (priority 2) 8; three pledges offer 24."""
    base = small_dataset()
    requirement = base.requirements[0]
    pledge = replace(base.pledges[0], earmark=None)
    return replace(
        base,
        requirements=(
            requirement,
            Requirement("R-2", "GEN-10", Decimal(8), 2, dt.date(2026, 12, 10), "DLV-KYIV"),
        ),
        pledges=(
            pledge,
            replace(pledge, id="P-2", quantity=Decimal(8)),
            replace(pledge, id="P-3", quantity=Decimal(6), status=PledgeStatus.COMMITTED),
        ),
    )


def triples(plan: Plan) -> Triples:
    totals: Triples = defaultdict(float)
    for a in plan.allocations:
        totals[(a.pledge, a.requirement, a.hub)] += a.quantity
    return dict(totals)


def served(plan: Plan, requirement: str) -> float:
    return sum(a.quantity for a in plan.allocations if a.requirement == requirement)


def first_approved(container: Container) -> plans.MadePlan:
    with container.uow() as uow:
        uow.datasets.save(two_needs())
        uow.commit("seed")
    made = plans.create_plan(container.uow(), as_of=DAY)
    assert "stability" not in made.objective  # nothing approved yet: no reference
    assert served(made.plan, "R-1") == 12
    assert served(made.plan, "R-2") == 8
    plans.approve_plan(container.uow(), made.id)
    return made


def test_an_unchanged_replan_moves_nothing(container: Container) -> None:
    first = first_approved(container)
    again = plans.create_plan(container.uow(), as_of=DAY)
    assert again.objective["stability"] == 0.0
    assert again.plan.notes["units_moved"] == 0.0
    assert plans.diff_plans(container.uow(), first.id, again.id) == []


def dispatch(container: Container, plan_id: int, line: tuple[str, str, str], units: int) -> None:
    ref = AllocationRef(plan_id, *line)
    event = ShipmentEvent("d-1", "S-1", EventKind.DISPATCHED, DAY, Decimal(units), allocation=ref)
    assert record_event(container.uow(), event).new


def test_a_dispatched_part_is_not_allocated_again(container: Container) -> None:
    first = first_approved(container)
    line, quantity = next((k, q) for k, q in triples(first.plan).items() if k[1] == "R-1" and q > 4)
    dispatch(container, first.id, line, 4)
    replanned = plans.create_plan(container.uow(), as_of=DAY)
    after = triples(replanned.plan)
    # The 4 under way still count for R-1; the rest of the approved plan stays where it was.
    assert after[line] == quantity - 4
    assert served(replanned.plan, "R-1") == 12 - 4
    assert served(replanned.plan, "R-2") == 8
    assert replanned.objective["stability"] == 0.0
    assert {k: q for k, q in after.items() if k != line} == {
        k: q for k, q in triples(first.plan).items() if k != line
    }


def test_a_loss_becomes_need_again_and_spare_supply_covers_it(container: Container) -> None:
    first = first_approved(container)
    line = next(k for k in triples(first.plan) if k[1] == "R-1")
    dispatch(container, first.id, line, 4)
    lost = ShipmentEvent("l-1", "S-1", EventKind.LOST, DAY + dt.timedelta(days=1), Decimal(3))
    assert record_event(container.uow(), lost).new
    replanned = plans.create_plan(container.uow(), as_of=DAY + dt.timedelta(days=1))
    # 1 of the 4 is still on its way; the 3 lost are need again, and of the 24 pledged, 20 are
    # undispatched against 11 + 8 still needed, so the plan covers everything.
    assert served(replanned.plan, "R-1") == 11
    assert served(replanned.plan, "R-2") == 8
    assert replanned.plan.shortfalls == ()
    pledged = {p.id: p.quantity for p in two_needs().pledges}
    for pledge, quantity in pledged.items():
        used = sum(q for (s, _, _), q in triples(replanned.plan).items() if s == pledge)
        assert used <= quantity - (4 if pledge == line[0] else 0)

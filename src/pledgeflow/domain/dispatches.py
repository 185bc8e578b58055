"""The limits on dispatching, across shipments, and what dispatch and delivery do to a pledge.

Dispatch is where the chain delivered ≤ … ≤ dispatched ≤ allocated ≤ pledged is guarded at its
top: a shipment may only carry what its allocation (or, unplanned, its pledge) still has
undispatched, and never more than the requirement still lacks once what is delivered or moving
is counted, so fulfilment can never exceed a requirement. Lost goods stay counted against the
pledge and the allocation (they left the donor) but not against the requirement (they will
never reach it), so a replacement can be planned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.items import Item
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.shipments import (
    ZERO,
    AllocationRef,
    Shipment,
    ShipmentEvent,
    quantity_text,
)

_DISPATCHABLE = frozenset({PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED})


@dataclass(frozen=True, slots=True)
class DispatchContext:
    """What a dispatch is checked against; `allocated` is None for an unplanned donation."""

    pledge: Pledge
    requirement: Requirement
    pledge_item: Item
    requirement_item: Item
    others: tuple[Shipment, ...]
    """Every other shipment of the same pledge or the same requirement."""
    allocated: Decimal | None


def check_dispatch(event: ShipmentEvent, ref: AllocationRef, context: DispatchContext) -> None:
    where = f"shipment {event.shipment!r}, event {event.id!r}"
    pledge, requirement = context.pledge, context.requirement
    if pledge.status not in _DISPATCHABLE and not _fully_dispatched(pledge, context.others):
        raise DomainError(where, "pledge", f"pledge {pledge.id!r} is {pledge.status}")
    if ref.plan_id is None:
        if not context.pledge_item.can_serve(context.requirement_item):
            raise DomainError(
                where,
                "allocation",
                f"item {pledge.item!r} cannot serve requirement {requirement.id!r} "
                f"({requirement.item!r})",
            )
        if pledge.earmark is not None and pledge.earmark != requirement.id:
            raise DomainError(where, "allocation", f"pledge {pledge.id!r} is earmarked")
    limits = _limits(ref, context)
    for field, (limit, what) in limits.items():
        if event.quantity > limit:
            raise DomainError(
                where,
                field,
                f"{quantity_text(event.quantity)} exceeds the {quantity_text(limit)} {what}",
            )


def _limits(ref: AllocationRef, context: DispatchContext) -> dict[str, tuple[Decimal, str]]:
    pledge, requirement = context.pledge, context.requirement
    of_pledge = [s for s in context.others if s.pledge == pledge.id]
    of_requirement = [s for s in context.others if s.requirement == requirement.id]
    limits = {
        "quantity": (
            pledge.quantity - dispatched(of_pledge),
            f"of pledge {pledge.id!r} not yet dispatched",
        ),
        "requirement": (
            requirement.quantity - sum((s.tally().live for s in of_requirement), ZERO),
            f"requirement {requirement.id!r} still lacks (delivered and moving counted)",
        ),
    }
    if context.allocated is not None:
        same = [s for s in context.others if s.allocation == ref]
        limits["allocation"] = (
            context.allocated - dispatched(same),
            f"of allocation {ref} not yet dispatched",
        )
    return limits


def dispatched(shipments: Iterable[Shipment]) -> Decimal:
    return sum((s.tally().dispatched for s in shipments), ZERO)


def _fully_dispatched(pledge: Pledge, shipments: Iterable[Shipment]) -> bool:
    return dispatched(s for s in shipments if s.pledge == pledge.id) >= pledge.quantity


def pledge_status_after(pledge: Pledge, shipments: Iterable[Shipment]) -> PledgeStatus:
    """Shipped once all of it has left the donor (a part still waits to be planned until then);
    delivered once all of it arrived. Losses keep a pledge shipped: it was never fully
    delivered."""
    own = [s for s in shipments if s.pledge == pledge.id]
    total = dispatched(own)
    if total < pledge.quantity or pledge.status is PledgeStatus.WITHDRAWN:
        return pledge.status
    delivered = sum((s.tally().delivered for s in own), ZERO)
    return PledgeStatus.DELIVERED if delivered >= pledge.quantity else PledgeStatus.SHIPPED


def advanced(pledge: Pledge, status: PledgeStatus) -> Pledge:
    """Move `pledge` to `status` through the lifecycle's intermediate steps (a committed
    pledge shipped as an unplanned donation passes through allocated)."""
    path = {
        PledgeStatus.SHIPPED: (PledgeStatus.ALLOCATED, PledgeStatus.SHIPPED),
        PledgeStatus.DELIVERED: (
            PledgeStatus.ALLOCATED,
            PledgeStatus.SHIPPED,
            PledgeStatus.DELIVERED,
        ),
    }.get(status, (status,))
    order = tuple(PledgeStatus)
    for step in path:
        if order.index(step) > order.index(pledge.status) or step == status:
            pledge = pledge.moved_to(step)
    return pledge

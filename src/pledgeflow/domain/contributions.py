"""How records become contributions: the stage rules of the public tracker.

In-kind military (pledges): a pledge's value is its `value_eur`, else quantity × the item's
unit value (no value known: it counts nothing, and is reported as unvalued). A pledge is
*committed* once firm (committed, allocated, shipped, delivered) and *allocated* once a plan
holds it (allocated, shipped, delivered), both dated by its `available_from`, the one date it
carries. *Delivered* is the delivered quantity of its shipments × its value per unit, dated by
each delivery; a pledge marked delivered without delivery events counts its remaining value
at its `available_from`, since its status says it arrived.

Training: an offer's seats × the course's stated value per seat are *committed* at its start,
its taken seats *allocated*, and the taken seats of an offer whose last day has passed
*delivered* on that day. Courses without a stated value count nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain.burden_sharing import Category, Contribution, Stage
from pledgeflow.domain.items import Item
from pledgeflow.domain.pledges import Pledge, PledgeStatus

FIRM = frozenset(
    {PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED, PledgeStatus.SHIPPED, PledgeStatus.DELIVERED}
)
"""The statuses a pledge counts from: any other pledge adds nothing to the tracker."""
_HELD = frozenset({PledgeStatus.ALLOCATED, PledgeStatus.SHIPPED, PledgeStatus.DELIVERED})


@dataclass(frozen=True, slots=True)
class Delivery:
    """A delivered quantity of one pledge on one day (a shipment's `delivered` event)."""

    pledge: str
    date: dt.date
    quantity: Decimal


def pledge_value(pledge: Pledge, item: Item) -> Decimal | None:
    if pledge.value_eur is not None:
        return pledge.value_eur
    if item.unit_value_eur is None:
        return None
    return pledge.quantity * item.unit_value_eur


def pledge_contributions(
    pledges: Sequence[Pledge], items: Mapping[str, Item], deliveries: Iterable[Delivery]
) -> list[Contribution]:
    by_pledge: dict[str, list[Delivery]] = {}
    for d in deliveries:
        by_pledge.setdefault(d.pledge, []).append(d)
    out: list[Contribution] = []
    for p in pledges:
        value = pledge_value(p, items[p.item])
        if value is None or p.status not in FIRM:
            continue
        source = f"pledge {p.id}"
        out.append(
            Contribution(
                p.donor, Category.IN_KIND, Stage.COMMITTED, value, p.available_from, source
            )
        )
        if p.status in _HELD:
            out.append(
                Contribution(
                    p.donor, Category.IN_KIND, Stage.ALLOCATED, value, p.available_from, source
                )
            )
        out.extend(_delivered(p, value, by_pledge.get(p.id, [])))
    return out


def _delivered(pledge: Pledge, value: Decimal, deliveries: list[Delivery]) -> list[Contribution]:
    """Deliveries at the pledge's value per unit, never more than the pledge holds."""
    out, left = [], pledge.quantity
    source = f"pledge {pledge.id}"
    for d in sorted(deliveries, key=lambda d: d.date):
        quantity = min(d.quantity, left)
        if quantity <= 0:
            break
        left -= quantity
        amount = value * quantity / pledge.quantity
        out.append(
            Contribution(pledge.donor, Category.IN_KIND, Stage.DELIVERED, amount, d.date, source)
        )
    if pledge.status is PledgeStatus.DELIVERED and left > 0:
        amount = value * left / pledge.quantity
        out.append(
            Contribution(
                pledge.donor,
                Category.IN_KIND,
                Stage.DELIVERED,
                amount,
                pledge.available_from,
                source,
            )
        )
    return out


def unvalued_pledges(pledges: Sequence[Pledge], items: Mapping[str, Item]) -> int:
    """Firm pledges the tracker cannot value (no value and no item unit value)."""
    return sum(1 for p in pledges if p.status in FIRM and pledge_value(p, items[p.item]) is None)


@dataclass(frozen=True, slots=True)
class OfferSeats:
    """A course offer as the tracker needs it: who trains, seats offered and taken, when."""

    offer: str
    trainer: str
    course: str
    seats: int
    seats_taken: int
    start: dt.date
    last_day: dt.date


def training_contributions(
    offers: Iterable[OfferSeats], value_per_seat: Mapping[str, Decimal], today: dt.date
) -> list[Contribution]:
    out: list[Contribution] = []
    for o in offers:
        per_seat = value_per_seat.get(o.course)
        if per_seat is None:
            continue
        source = f"course offer {o.offer}"
        t = Category.TRAINING
        out.append(Contribution(o.trainer, t, Stage.COMMITTED, per_seat * o.seats, o.start, source))
        if o.seats_taken:
            taken = per_seat * o.seats_taken
            out.append(Contribution(o.trainer, t, Stage.ALLOCATED, taken, o.start, source))
            if o.last_day <= today:
                out.append(Contribution(o.trainer, t, Stage.DELIVERED, taken, o.last_day, source))
    return out

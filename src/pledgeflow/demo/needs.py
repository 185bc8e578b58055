"""Drawing the recipient's requirements: what, how many, how urgent, by when and where.

The mix follows how a requirements office works: most lines are routine or important, few are
critical (priority 1 about 6 %); critical lines are needed sooner; requests are stated in round
figures (two significant digits); lines for weapons and ammunition are mostly restricted.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.demo.families import Family
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import Site

PRIORITY_WEIGHTS = (6, 14, 30, 30, 20)  # priorities 1 to 5
RESTRICTED_SHARE_LETHAL = 0.5
RESTRICTED_SHARE_OTHER = 0.06
NOTED_SHARE = 0.15
NOTES = (
    "replacement of losses",
    "winterisation",
    "stock replenishment",
    "equipment for a newly formed unit",
    "repair of energy infrastructure",
    "support to displaced families",
)
# Quantities vary around an item's typical request by this log-normal spread.
QUANTITY_SIGMA = 0.7
EARLIEST_NEED_DAYS = 5


@dataclass(frozen=True, slots=True)
class DrawnRequirements:
    """The requirements, and for each the index of the family it was drawn from."""

    requirements: tuple[Requirement, ...]
    families: tuple[int, ...]


def draw_requirements(
    rng: random.Random,
    *,
    count: int,
    families: tuple[Family, ...],
    deliveries: tuple[Site, ...],
    delivery_weights: tuple[float, ...],
    as_of: dt.date,
    horizon_days: int,
) -> DrawnRequirements:
    family_indices = rng.choices(
        range(len(families)), weights=[family.demand_weight for family in families], k=count
    )
    destinations = rng.choices(deliveries, weights=delivery_weights, k=count)
    priorities = rng.choices(range(1, 6), weights=PRIORITY_WEIGHTS, k=count)
    width = max(6, len(str(count)))
    requirements = tuple(
        _requirement(
            rng,
            f"R-{number:0{width}d}",
            families[family_index],
            priority,
            destination.code,
            as_of + dt.timedelta(days=_days_until_needed(rng, priority, horizon_days)),
        )
        for number, (family_index, destination, priority) in enumerate(
            zip(family_indices, destinations, priorities, strict=True), start=1
        )
    )
    return DrawnRequirements(requirements, tuple(family_indices))


def _requirement(
    rng: random.Random,
    requirement_id: str,
    family: Family,
    priority: int,
    destination: str,
    needed_by: dt.date,
) -> Requirement:
    entry = rng.choices(family.members, weights=family.member_weights())[0]
    quantity = entry.typical_quantity * rng.lognormvariate(0.0, QUANTITY_SIGMA)
    restricted_share = RESTRICTED_SHARE_LETHAL if entry.lethal else RESTRICTED_SHARE_OTHER
    restricted = rng.random() < restricted_share
    return Requirement(
        id=requirement_id,
        item=entry.item.code,
        quantity=round_quantity(quantity),
        priority=priority,
        needed_by=needed_by,
        destination=destination,
        releasability=Releasability.RESTRICTED if restricted else Releasability.PUBLIC,
        notes=rng.choice(NOTES) if rng.random() < NOTED_SHARE else None,
    )


def _days_until_needed(rng: random.Random, priority: int, horizon_days: int) -> int:
    """Needs cluster in the first third of the horizon; critical ones come twice as soon."""
    low = min(EARLIEST_NEED_DAYS, horizon_days)
    mode = low + (horizon_days - low) / 3
    days = round(rng.triangular(low, horizon_days, mode))
    return low + (days - low) // 2 if priority == 1 else days


def round_quantity(quantity: float) -> Decimal:
    """Whole units, at least one, rounded to two significant figures as people state amounts."""
    if quantity < 10:
        return Decimal(max(1, round(quantity)))
    step = 10 ** (math.floor(math.log10(quantity)) - 1)
    return Decimal(round(quantity / step) * step)

"""The data-set generator: a plausible coordination picture of any size, from one seed.

Pure: a seeded `random.Random` is the only source of variety, and no file, clock or network is
read, so one seed and one `as_of` always give the same data set. Order of work:

1. families: the real catalogue, plus synthetic families when there are more pledges than
   `pledges_per_family` × real families (so each requirement keeps a handful of candidates);
2. network: real hubs, depots and delivery points, plus synthetic ones for large sizes;
3. requirements, then pledges drawn against them (DESIGN §4 tables, §5 meaning);
4. hub capacity sized to the committed load, so that the hubs bind on busy days only (the
   capacity is the throughput a hub gives this mission's flows, not its whole throughput);
5. hub calendar: closures and reduced-capacity spells.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from pledgeflow.demo.closures import hub_calendar
from pledgeflow.demo.families import Family, reference_families, synthetic_families
from pledgeflow.demo.nations import nation_parties
from pledgeflow.demo.needs import draw_requirements
from pledgeflow.demo.networks import build_network
from pledgeflow.demo.offers import LATEST_AVAILABLE_FRACTION, Supply, draw_pledges
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.pledges import Pledge, PledgeStatus

DEMO_AS_OF = dt.date(2026, 11, 2)
DEMO_SEED = 20261102
DEMO_REQUIREMENTS = 300
DEMO_PLEDGES = 600
DEMO_HUBS = 3
DEMO_HORIZON_DAYS = 180
# Pledges per family: about eight candidates per requirement in generated sets; the demo keeps
# to the real catalogue at scale 1 and only adds synthetic families when scaled up.
PLEDGES_PER_FAMILY = 8
DEMO_PLEDGES_PER_FAMILY = 20
# All pledges carry 88-102 % of the required mass; with announced and withdrawn pledges left
# out of planning, and a mismatch between families, a share of the needs goes unmet.
SUPPLY_RATIO_RANGE = (0.88, 1.02)
# Hubs together could move the committed mass in 70 % of the days over which it arrives.
TARGET_UTILISATION = 0.7


@dataclass(frozen=True, slots=True)
class Sizes:
    requirements: int
    pledges: int
    hubs: int
    horizon_days: int
    pledges_per_family: int

    def check(self) -> None:
        if self.requirements < 1:
            raise ValueError("requirements: at least one is needed to draw pledges against")
        if self.pledges < 0:
            raise ValueError("pledges: must not be negative")
        if self.hubs < 1:
            raise ValueError("hubs: every route passes through a hub, at least one is needed")
        if self.horizon_days < 1:
            raise ValueError("horizon_days: must be at least one day")


def generate(
    *,
    requirements: int,
    pledges: int,
    hubs: int,
    horizon_days: int,
    seed: int,
    as_of: dt.date,
) -> Dataset:
    """A data set of the given size; the same arguments always give the same data set."""
    sizes = Sizes(requirements, pledges, hubs, horizon_days, PLEDGES_PER_FAMILY)
    return build_dataset(sizes, random.Random(seed), as_of)


def demo_dataset(scale: int = 1) -> Dataset:
    """The shipped demo: 300 requirements and 600 pledges per unit of `scale`, as of 2026-11-02."""
    if scale < 1:
        raise ValueError("scale: must be at least 1")
    sizes = Sizes(
        DEMO_REQUIREMENTS * scale,
        DEMO_PLEDGES * scale,
        DEMO_HUBS,
        DEMO_HORIZON_DAYS,
        DEMO_PLEDGES_PER_FAMILY,
    )
    return build_dataset(sizes, random.Random(DEMO_SEED), DEMO_AS_OF)


def build_dataset(sizes: Sizes, rng: random.Random, as_of: dt.date) -> Dataset:
    sizes.check()
    families = _families(rng, sizes)
    network = build_network(
        rng, hubs=sizes.hubs, requirements=sizes.requirements, pledges=sizes.pledges
    )
    drawn = draw_requirements(
        rng,
        count=sizes.requirements,
        families=families,
        deliveries=network.deliveries,
        delivery_weights=network.delivery_weights,
        as_of=as_of,
        horizon_days=sizes.horizon_days,
    )
    supply = Supply(families, drawn, network.depots, as_of, sizes.horizon_days)
    pledges = draw_pledges(
        rng, supply, count=sizes.pledges, supply_ratio=rng.uniform(*SUPPLY_RATIO_RANGE)
    )
    hubs = network.hub_sites(_total_capacity_t_per_day(pledges, families, sizes.horizon_days))
    return Dataset(
        parties=nation_parties(),
        items=tuple(entry.item for family in families for entry in family.members),
        sites=hubs + network.depot_sites() + network.deliveries,
        lanes=network.lanes,
        hub_calendar=hub_calendar(rng, hubs, as_of, sizes.horizon_days),
        requirements=drawn.requirements,
        pledges=pledges,
    )


def _families(rng: random.Random, sizes: Sizes) -> tuple[Family, ...]:
    real = reference_families()
    extra = math.ceil(sizes.pledges / sizes.pledges_per_family) - len(real)
    return real + synthetic_families(rng, extra, real) if extra > 0 else real


def _total_capacity_t_per_day(
    pledges: tuple[Pledge, ...], families: tuple[Family, ...], horizon_days: int
) -> float:
    """Capacity that moves the committed mass, spread over its arrival days, at the target load.

    Arrivals come in waves and a quarter is waiting on day one, so on those days the load is
    well above the average and the hubs bind; on quiet days they have room to spare.
    """
    unit_mass_kg = {
        entry.item.code: entry.item.unit_mass_kg for family in families for entry in family.members
    }
    committed_t = sum(
        float(pledge.quantity * unit_mass_kg[pledge.item]) / 1000
        for pledge in pledges
        if pledge.status is PledgeStatus.COMMITTED
    )
    arrival_days = max(1.0, horizon_days * LATEST_AVAILABLE_FRACTION)
    return committed_t / arrival_days / TARGET_UTILISATION

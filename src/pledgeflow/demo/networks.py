"""The transport network of a data set: hubs, depots, delivery points and the lanes between them.

Everything moves depot → hub → delivery point (DESIGN §5), so the network has exactly two kinds
of lane. Every depot has a lane to every hub: donors ship to whichever hub the plan picks. A
delivery point is served by its nearest hubs only (at most `HUBS_PER_DELIVERY`), as convoys
into the recipient country leave from the crossing closest to where they are going. Large data
sets get synthetic sites placed a short distance from real ones, so their transit times stay
those of the real geography.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.demo.geography import (
    DELIVERY_PLACES,
    DEPOT_PLACES,
    REFERENCE_HUBS,
    HubSite,
    Place,
    distance_km,
    nearby,
    transit_days,
)
from pledgeflow.demo.nations import DONORS, RECIPIENT_CODE, Nation, donor_weight
from pledgeflow.domain.sites import Lane, Site, SiteKind

HUBS_PER_DELIVERY = 3
# One depot ships for about this many pledges; one delivery point receives about this many
# requirements. Beyond that, a large data set gets synthetic depots and delivery points.
PLEDGES_PER_DEPOT = 400
REQUIREMENTS_PER_DELIVERY = 250
# Capacity is rounded to this many tonnes a day, as a hub states its throughput.
CAPACITY_STEP_T = 5


@dataclass(frozen=True, slots=True)
class Network:
    hubs: tuple[HubSite, ...]
    depots: dict[str, tuple[Site, ...]]
    deliveries: tuple[Site, ...]
    delivery_weights: tuple[float, ...]
    lanes: tuple[Lane, ...]

    def hub_sites(self, total_capacity_t_per_day: float) -> tuple[Site, ...]:
        """The hubs as sites, sharing the total daily capacity in proportion to their weights."""
        total_weight = sum(hub.capacity_weight for hub in self.hubs)
        return tuple(
            Site(
                code=hub.code,
                name=f"{hub.place.name} logistics hub",
                kind=SiteKind.HUB,
                country=hub.country,
                capacity_t_per_day=round_capacity(
                    total_capacity_t_per_day * hub.capacity_weight / total_weight
                ),
                handling_days=hub.handling_days,
            )
            for hub in self.hubs
        )

    def depot_sites(self) -> tuple[Site, ...]:
        return tuple(site for sites in self.depots.values() for site in sites)


def round_capacity(tonnes_per_day: float) -> Decimal:
    steps = max(1, round(tonnes_per_day / CAPACITY_STEP_T))
    return Decimal(steps * CAPACITY_STEP_T)


def build_network(rng: random.Random, *, hubs: int, requirements: int, pledges: int) -> Network:
    hub_sites = _hubs(rng, hubs)
    depot_places = _depot_places(rng, math.ceil(pledges / PLEDGES_PER_DEPOT))
    delivery_places = _delivery_places(rng, math.ceil(requirements / REQUIREMENTS_PER_DELIVERY))
    depots = {
        code: tuple(
            Site(f"DEP-{code}-{n:02d}", f"{place.name} depot", SiteKind.DEPOT, code)
            for n, place in enumerate(places, start=1)
        )
        for code, places in depot_places.items()
    }
    deliveries = tuple(
        Site(
            _delivery_code(n, place),
            f"{place.name} delivery point",
            SiteKind.DELIVERY,
            RECIPIENT_CODE,
        )
        for n, (place, _) in enumerate(delivery_places, start=1)
    )
    lanes = _depot_lanes(hub_sites, depot_places, depots) + _delivery_lanes(
        hub_sites, delivery_places, deliveries
    )
    return Network(
        hubs=hub_sites,
        depots=depots,
        deliveries=deliveries,
        delivery_weights=tuple(weight for _, weight in delivery_places),
        lanes=lanes,
    )


def _delivery_code(number: int, place: Place) -> str:
    """Real delivery points are coded by their city, synthetic ones by number."""
    if number <= len(DELIVERY_PLACES):
        return f"DP-{place.name.upper()}"
    return f"DP-{number:03d}"


def _hubs(rng: random.Random, count: int) -> tuple[HubSite, ...]:
    """The real hubs first; beyond them, hubs a day's drive back from a real one.

    Synthetic hubs lie west of their real neighbour (bearing 200°-340°), so a Polish hub stays
    in Poland and a Romanian one in Romania, and they get less capacity than the real ones.
    """
    chosen = list(REFERENCE_HUBS[:count])
    for number in range(len(chosen) + 1, count + 1):
        base = REFERENCE_HUBS[(number - 1) % len(REFERENCE_HUBS)]
        name = f"{base.place.name} area {number}"
        place = nearby(base.place, name, rng.uniform(40, 160), rng.uniform(200, 340))
        weight = round(base.capacity_weight * rng.uniform(0.4, 0.8), 2)
        code = f"HUB-{number:02d}"
        chosen.append(HubSite(code, place, base.country, weight, rng.choice((1, 1, 2))))
    return tuple(chosen)


def _depot_places(rng: random.Random, wanted: int) -> dict[str, tuple[Place, ...]]:
    """Each donor's real depots, plus extra ones near them shared out by donor weight."""
    places = {nation.code: list(DEPOT_PLACES[nation.code]) for nation in DONORS}
    extra = wanted - sum(len(found) for found in places.values())
    if extra > 0:
        weights = [donor_weight(nation) for nation in DONORS]
        for nation in rng.choices(DONORS, weights=weights, k=extra):
            places[nation.code].append(_extra_depot(rng, nation, len(places[nation.code]) + 1))
    return {code: tuple(found) for code, found in places.items()}


def _extra_depot(rng: random.Random, nation: Nation, number: int) -> Place:
    base = DEPOT_PLACES[nation.code][0]
    name = f"{base.name} area {number}"
    return nearby(base, name, rng.uniform(20, 120), rng.uniform(0, 360))


def _delivery_places(rng: random.Random, wanted: int) -> tuple[tuple[Place, float], ...]:
    """The real delivery points, plus points around the real cities for larger data sets."""
    places = list(DELIVERY_PLACES)
    weights = [weight for _, weight in DELIVERY_PLACES]
    for number in range(len(places) + 1, wanted + 1):
        city, weight = rng.choices(DELIVERY_PLACES, weights=weights)[0]
        name = f"{city.name} area {number}"
        place = nearby(city, name, rng.uniform(20, 150), rng.uniform(0, 360))
        places.append((place, round(weight * rng.uniform(0.2, 0.6), 2)))
    return tuple(places)


def _depot_lanes(
    hubs: tuple[HubSite, ...],
    places: dict[str, tuple[Place, ...]],
    depots: dict[str, tuple[Site, ...]],
) -> tuple[Lane, ...]:
    return tuple(
        Lane(site.code, hub.code, transit_days(place, hub.place))
        for code, sites in depots.items()
        for site, place in zip(sites, places[code], strict=True)
        for hub in hubs
    )


def _delivery_lanes(
    hubs: tuple[HubSite, ...],
    places: tuple[tuple[Place, float], ...],
    deliveries: tuple[Site, ...],
) -> tuple[Lane, ...]:
    lanes: list[Lane] = []
    for site, (place, _) in zip(deliveries, places, strict=True):
        nearest = sorted(hubs, key=lambda hub: distance_km(hub.place, place))
        lanes.extend(
            Lane(hub.code, site.code, transit_days(hub.place, place, border_crossing=True))
            for hub in nearest[:HUBS_PER_DELIVERY]
        )
    return tuple(lanes)

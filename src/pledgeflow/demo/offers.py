"""Drawing donors' pledges against the requirements already drawn.

Pledges go to families in proportion to how many requirements each has, so a requirement has
a handful of compatible pledges. Each family's pledged mass is its required mass times a factor
between 0.5 and 1.4, scaled so that all pledges together carry `supply_ratio` of the required
mass: some families are oversupplied, others short, and overall some needs go unmet. Arrivals
are spread over the horizon with a quarter already waiting and three delivery waves (donor
conferences), which is what makes hub capacity bind on some days and not on others.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from pledgeflow.demo.catalogue import CatalogueEntry
from pledgeflow.demo.families import Family
from pledgeflow.demo.nations import DONORS, Nation, donor_weight
from pledgeflow.demo.needs import DrawnRequirements, round_quantity
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import Site

STATUS_WEIGHTS = {
    PledgeStatus.COMMITTED: 85,
    PledgeStatus.ANNOUNCED: 11,
    PledgeStatus.WITHDRAWN: 4,
}
EARMARKED_SHARE = 0.02
RESTRICTED_SHARE_LETHAL = 0.4
RESTRICTED_SHARE_OTHER = 0.04
FAMILY_SUPPLY_RANGE = (0.5, 1.4)
ALREADY_AVAILABLE_SHARE = 0.25
WAVE_SHARE = 0.30
WAVE_CENTRES = (0.10, 0.35, 0.60)
WAVE_SPREAD_DAYS = 3.0
LATEST_AVAILABLE_FRACTION = 0.85


@dataclass(frozen=True, slots=True)
class Donors:
    """Who may pledge what: nations limited to non-lethal aid never pledge lethal families."""

    all: tuple[Nation, ...]
    all_weights: tuple[float, ...]
    lethal: tuple[Nation, ...]
    lethal_weights: tuple[float, ...]

    @classmethod
    def from_nations(cls, nations: tuple[Nation, ...]) -> Donors:
        lethal = tuple(nation for nation in nations if nation.lethal_aid)
        return cls(
            nations,
            tuple(donor_weight(nation) for nation in nations),
            lethal,
            tuple(donor_weight(nation) for nation in lethal),
        )

    def pick(self, rng: random.Random, lethal: bool) -> Nation:
        if lethal:
            return rng.choices(self.lethal, weights=self.lethal_weights)[0]
        return rng.choices(self.all, weights=self.all_weights)[0]


@dataclass(frozen=True, slots=True)
class Supply:
    """What the pledges are drawn against: the families, the requirements and the depots."""

    families: tuple[Family, ...]
    drawn: DrawnRequirements
    depots: dict[str, tuple[Site, ...]]
    as_of: dt.date
    horizon_days: int


def _required_mass_t(families: tuple[Family, ...], drawn: DrawnRequirements) -> dict[int, float]:
    """Tonnes required per family index."""
    entries = _entries(families)
    mass: dict[int, float] = defaultdict(float)
    for requirement, family_index in zip(drawn.requirements, drawn.families, strict=True):
        unit_mass_kg = entries[requirement.item].item.unit_mass_kg
        mass[family_index] += float(requirement.quantity * unit_mass_kg) / 1000
    return dict(mass)


def draw_pledges(
    rng: random.Random, supply: Supply, *, count: int, supply_ratio: float
) -> tuple[Pledge, ...]:
    required = _required_mass_t(supply.families, supply.drawn)
    if not required or count == 0:
        return ()
    by_family = _requirements_by_family(supply.drawn)
    candidates = sorted(by_family)
    weights = [len(by_family[index]) * rng.uniform(0.5, 1.5) for index in candidates]
    chosen = rng.choices(candidates, weights=weights, k=count)
    masses_t = _pledge_masses_t(rng, required, chosen, supply_ratio)
    donors = Donors.from_nations(DONORS)
    width = max(6, len(str(count)))
    return tuple(
        _pledge(
            rng,
            f"P-{number:0{width}d}",
            supply,
            rng.choices(
                supply.families[index].members,
                weights=supply.families[index].member_weights(),
            )[0],
            mass_t,
            by_family[index],
            donors,
        )
        for number, (index, mass_t) in enumerate(zip(chosen, masses_t, strict=True), start=1)
    )


def _pledge_masses_t(
    rng: random.Random, required: dict[int, float], chosen: list[int], supply_ratio: float
) -> list[float]:
    """Each pledge's mass: its family's supply shared out by random (exponential) shares."""
    counts = Counter(chosen)
    factors = {index: rng.uniform(*FAMILY_SUPPLY_RANGE) for index in sorted(counts)}
    supplied_t = sum(required[index] * factors[index] for index in counts)
    scale = supply_ratio * sum(required.values()) / supplied_t
    shares = [rng.expovariate(1.0) + 0.3 for _ in chosen]
    share_sums: dict[int, float] = defaultdict(float)
    for index, share in zip(chosen, shares, strict=True):
        share_sums[index] += share
    return [
        required[index] * factors[index] * scale * share / share_sums[index]
        for index, share in zip(chosen, shares, strict=True)
    ]


def _pledge(
    rng: random.Random,
    pledge_id: str,
    supply: Supply,
    entry: CatalogueEntry,
    mass_t: float,
    family_requirements: list[Requirement],
    donors: Donors,
) -> Pledge:
    nation = donors.pick(rng, entry.lethal)
    item = entry.item
    quantity = round_quantity(mass_t * 1000 / float(item.unit_mass_kg))
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    restricted_share = RESTRICTED_SHARE_LETHAL if entry.lethal else RESTRICTED_SHARE_OTHER
    restricted = rng.random() < restricted_share
    return Pledge(
        id=pledge_id,
        donor=nation.code,
        item=item.code,
        quantity=quantity,
        available_from=_available_from(rng, supply.as_of, supply.horizon_days),
        origin=rng.choice(supply.depots[nation.code]).code,
        status=status,
        value_eur=None if item.unit_value_eur is None else quantity * item.unit_value_eur,
        earmark=_earmark(rng, item.code, family_requirements),
        releasability=Releasability.RESTRICTED if restricted else Releasability.PUBLIC,
    )


def _available_from(rng: random.Random, as_of: dt.date, horizon_days: int) -> dt.date:
    """A quarter already waiting, three waves around donor conferences, the rest spread."""
    draw = rng.random()
    if draw < ALREADY_AVAILABLE_SHARE:
        return as_of - dt.timedelta(days=rng.randint(0, 30))
    if draw < ALREADY_AVAILABLE_SHARE + WAVE_SHARE:
        centre = rng.choice(WAVE_CENTRES) * horizon_days
        days = round(rng.gauss(centre, WAVE_SPREAD_DAYS))
    else:
        days = rng.randint(0, int(horizon_days * LATEST_AVAILABLE_FRACTION))
    return as_of + dt.timedelta(days=min(max(days, 0), horizon_days))


def _earmark(rng: random.Random, item_code: str, requirements: list[Requirement]) -> str | None:
    """A few donors tie a pledge to one requirement, preferably one for the very same item."""
    if rng.random() >= EARMARKED_SHARE:
        return None
    same_item = [requirement for requirement in requirements if requirement.item == item_code]
    return rng.choice(same_item or requirements).id


def _entries(families: tuple[Family, ...]) -> dict[str, CatalogueEntry]:
    return {entry.item.code: entry for family in families for entry in family.members}


def _requirements_by_family(drawn: DrawnRequirements) -> dict[int, list[Requirement]]:
    grouped: dict[int, list[Requirement]] = defaultdict(list)
    for requirement, family_index in zip(drawn.requirements, drawn.families, strict=True):
        grouped[family_index].append(requirement)
    return dict(grouped)

"""Substitution families: the sets of items that can serve the same requirement.

A family is a substitution group, or a single item that has none. The generator draws every
requirement and every pledge from a family, so that a pledge is compatible with exactly the
requirements of its own family. How many pledges a requirement can draw on is then set by how
many families there are, which is why large data sets get synthetic families: forty thousand
pledges over sixty real families would give every requirement hundreds of candidates, which
neither reality nor a useful benchmark looks like.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from decimal import Decimal

from pledgeflow.demo.catalogue import CATALOGUE, CatalogueEntry
from pledgeflow.domain.items import Item

# Indivisible goods (vehicles, generators, missiles) are a small share of requirement lines,
# and bulk commodities are the most frequent, as in any logistics request list.
INDIVISIBLE_WEIGHT = 0.3
DIVISIBLE_WEIGHT = 1.0
# Bulk commodities measured by the tonne come in grades, not models: they get no variants.
BULK_UNIT = "t"


@dataclass(frozen=True, slots=True)
class Family:
    """Items that may stand in for one another, and how often requirements draw on them."""

    members: tuple[CatalogueEntry, ...]
    demand_weight: float

    def member_weights(self) -> tuple[float, ...]:
        """The first member of a group is the usual request; the others are asked for less."""
        return tuple(1.0 / (rank + 1) for rank in range(len(self.members)))


def _weight(members: tuple[CatalogueEntry, ...]) -> float:
    divisible = all(entry.item.divisible for entry in members)
    return DIVISIBLE_WEIGHT if divisible else INDIVISIBLE_WEIGHT


def reference_families() -> tuple[Family, ...]:
    """The catalogue grouped by substitution group, in catalogue order."""
    groups: dict[str, list[CatalogueEntry]] = {}
    for entry in CATALOGUE:
        groups.setdefault(entry.item.substitution_group or entry.item.code, []).append(entry)
    return tuple(Family(tuple(members), _weight(tuple(members))) for members in groups.values())


def synthetic_families(
    rng: random.Random, count: int, templates: tuple[Family, ...]
) -> tuple[Family, ...]:
    """`count` families modelled on real ones: other types of truck, kit or round.

    Each keeps its template's structure (members, units, penalties, divisibility) with masses
    and values varied by up to a fifth, and gets its own substitution group so that it does
    not mix with the template.
    """
    eligible = tuple(family for family in templates if family.members[0].item.unit != BULK_UNIT)
    weights = tuple(family.demand_weight for family in eligible)
    chosen = rng.choices(eligible, weights=weights, k=count)
    return tuple(_variant(rng, template, number + 1) for number, template in enumerate(chosen))


def _variant(rng: random.Random, template: Family, number: int) -> Family:
    tag = f"T{number:05d}"
    grouped = len(template.members) > 1
    members = tuple(
        replace(entry, item=_variant_item(rng, entry.item, tag, grouped))
        for entry in template.members
    )
    return Family(members, template.demand_weight * rng.uniform(0.5, 1.5))


def _variant_item(rng: random.Random, item: Item, tag: str, grouped: bool) -> Item:
    value = item.unit_value_eur
    return replace(
        item,
        code=f"{item.code}-{tag}",
        name=f"{item.name}, type {tag}",
        unit_mass_kg=_two_figures(item.unit_mass_kg * _jitter(rng)),
        unit_value_eur=None if value is None else _two_figures(value * _jitter(rng)),
        substitution_group=f"{item.substitution_group}-{tag}" if grouped else None,
    )


def _jitter(rng: random.Random) -> Decimal:
    return Decimal(str(round(rng.uniform(0.8, 1.2), 2)))


def _two_figures(value: Decimal) -> Decimal:
    """Rounds to two significant figures, as a catalogue states a mass or a price."""
    if value < 1:
        return max(value.quantize(Decimal("0.01")), Decimal("0.01"))
    rounded = Decimal(f"{value:.2g}")
    return rounded.quantize(Decimal(1) if rounded >= 10 else Decimal("0.1"))

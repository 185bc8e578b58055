"""Totals people ask for first: needs by priority, pledges by donor, mass by supply class.

Mass in tonnes is the common measure across items counted in litres, boxes and vehicles.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.pledges import PledgeStatus


@dataclass(frozen=True)
class PriorityTotal:
    priority: int
    requirements: int
    mass_t: Decimal
    value_eur: Decimal


@dataclass(frozen=True)
class DonorTotal:
    donor: str
    name: str
    pledges: int
    mass_t: Decimal
    value_eur: Decimal
    share_of_gdp: Decimal | None


@dataclass(frozen=True)
class ClassTotal:
    supply_class: str
    required_t: Decimal
    pledged_t: Decimal


@dataclass(frozen=True)
class DatasetSummary:
    by_priority: list[PriorityTotal]
    by_donor: list[DonorTotal]
    by_class: list[ClassTotal]


_KG_PER_T = Decimal(1000)


def summarise(dataset: Dataset) -> DatasetSummary:
    """Withdrawn pledges are left out: they are no longer on offer."""
    items = {i.code: i for i in dataset.items}
    by_priority: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    by_class: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 2)
    for r in dataset.requirements:
        item = items[r.item]
        totals = by_priority[r.priority]
        totals[0] += 1
        totals[1] += r.quantity * item.unit_mass_kg / _KG_PER_T
        totals[2] += r.quantity * (item.unit_value_eur or 0)
        by_class[item.supply_class.value][0] += r.quantity * item.unit_mass_kg / _KG_PER_T
    parties = {p.code: p for p in dataset.parties}
    by_donor: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for p in dataset.pledges:
        if p.status is PledgeStatus.WITHDRAWN:
            continue
        item = items[p.item]
        value = p.value_eur if p.value_eur is not None else p.quantity * (item.unit_value_eur or 0)
        totals = by_donor[p.donor]
        totals[0] += 1
        totals[1] += p.quantity * item.unit_mass_kg / _KG_PER_T
        totals[2] += value
        by_class[item.supply_class.value][1] += p.quantity * item.unit_mass_kg / _KG_PER_T
    return DatasetSummary(
        by_priority=[
            PriorityTotal(k, int(v[0]), v[1], v[2]) for k, v in sorted(by_priority.items())
        ],
        by_donor=sorted(
            (
                DonorTotal(
                    code,
                    parties[code].name,
                    int(v[0]),
                    v[1],
                    v[2],
                    _share(v[2], parties[code].gdp_eur),
                )
                for code, v in by_donor.items()
            ),
            key=lambda d: -d.value_eur,
        ),
        by_class=[
            ClassTotal(k, v[0], v[1])
            for k, v in sorted(by_class.items(), key=lambda kv: _roman(kv[0]))
        ],
    )


def _share(value: Decimal, gdp: Decimal | None) -> Decimal | None:
    return None if not gdp else value / gdp


def _roman(numeral: str) -> int:
    order = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
    return order.index(numeral)

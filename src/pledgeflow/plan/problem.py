"""The planning problem as flat arrays: supply lines, demand lines, capacity nodes and lanes.

Everything the model builder needs is here as NumPy arrays indexed by position, so that the
builder never walks domain objects in its hot loops. Dates are kept as proleptic ordinals; the
builder turns them into day offsets from `as_of`. The raw `Dataset` is kept alongside, because
the verifier re-checks every plan against the records themselves, not against these arrays.

Only plannable pledges (committed or allocated) are supply; the rest never enter the arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pledgeflow.domain.datasets import Dataset
from pledgeflow.plan.checks import check_dataset

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

NO_LANE = -1


@dataclass(frozen=True, slots=True)
class Problem:
    """Arrays for one planning run; `lane_days[a, b]` is NO_LANE where no lane joins a to b."""

    dataset: Dataset
    item_codes: tuple[str, ...]
    item_mass_t: FloatArray
    item_divisible: BoolArray
    item_group: IntArray
    item_penalty: FloatArray
    site_codes: tuple[str, ...]
    lane_days: IntArray
    hub_site: IntArray
    hub_capacity_t: FloatArray
    hub_handling_days: IntArray
    calendar_hub: IntArray
    calendar_from: IntArray
    calendar_to: IntArray
    calendar_capacity_t: FloatArray
    req_ids: tuple[str, ...]
    req_item: IntArray
    req_quantity: FloatArray
    req_priority: IntArray
    req_needed_by: IntArray
    req_destination: IntArray
    pledge_ids: tuple[str, ...]
    pledge_item: IntArray
    pledge_quantity: FloatArray
    pledge_available: IntArray
    pledge_origin: IntArray
    pledge_earmark: IntArray
    # Optional rules beyond §5's equipment model (training uses both; build_problem sets neither):
    # a hard latest arrival per requirement (proleptic ordinal), and precedence pairs
    # (earlier, later) of requirement positions (earlier may be -1): by any day, no more units
    # of the later one may be dispatched than units of the earlier one have arrived.
    req_latest: IntArray | None = None
    precedence: tuple[tuple[int, int], ...] = ()
    # Per precedence pair (aligned with it, or empty for none): (ordinal day, units) credits,
    # units of the earlier requirement that arrived outside the plan (> 0) or of the later one
    # dispatched outside it (< 0); see plan/precedence.py.
    precedence_credits: tuple[tuple[tuple[int, float], ...], ...] = ()

    def compatible(self, supply_item: int, demand_item: int) -> bool:
        """Same item, or both in one substitution group (DESIGN §5)."""
        group = self.item_group[supply_item]
        return supply_item == demand_item or (group >= 0 and group == self.item_group[demand_item])

    def arrival_limits(self, as_of_ordinal: int, horizon_days: int) -> IntArray:
        """Per requirement, the last day (offset from as_of) a unit may arrive: the horizon end,
        or the requirement's hard latest arrival when that is earlier."""
        limits = np.full(len(self.req_ids), horizon_days, dtype=np.int64)
        if self.req_latest is not None:
            limits = np.minimum(limits, self.req_latest - as_of_ordinal)
        return limits

    def hub_capacity_by_day(self, first_ordinal: int, days: int) -> FloatArray:
        """Capacity (t/day) of every hub on each of `days` days, hub calendar applied."""
        capacity = np.repeat(self.hub_capacity_t[:, None], days, axis=1)
        for hub, start, end, value in zip(
            self.calendar_hub,
            self.calendar_from,
            self.calendar_to,
            self.calendar_capacity_t,
            strict=True,
        ):
            lo = max(int(start) - first_ordinal, 0)
            hi = min(int(end) - first_ordinal + 1, days)
            if lo < hi:
                capacity[hub, lo:hi] = value
        return capacity


def _ints(values: list[int]) -> IntArray:
    return np.asarray(values, dtype=np.int64).reshape(-1)


def _floats(values: list[float]) -> FloatArray:
    return np.asarray(values, dtype=np.float64).reshape(-1)


def _lane_matrix(dataset: Dataset, site_index: dict[str, int]) -> IntArray:
    """Dense transit-day matrix; of two lanes between the same sites the faster one is kept."""
    lanes = np.full((len(site_index), len(site_index)), NO_LANE, dtype=np.int64)
    for lane in dataset.lanes:
        a, b = site_index[lane.from_site], site_index[lane.to_site]
        if lanes[a, b] == NO_LANE or lane.days < lanes[a, b]:
            lanes[a, b] = lane.days
    return lanes


def build_problem(dataset: Dataset) -> Problem:
    """Check the dataset (raising `PlanInputError` on defects) and flatten it into arrays."""
    check_dataset(dataset)
    items = dataset.items
    item_index = {item.code: i for i, item in enumerate(items)}
    groups = sorted({item.substitution_group for item in items if item.substitution_group})
    group_index = {group: g for g, group in enumerate(groups)}
    site_index = {site.code: i for i, site in enumerate(dataset.sites)}
    hubs = [site for site in dataset.sites if site.is_hub]
    hub_index = {site.code: h for h, site in enumerate(hubs)}
    req_index = {r.id: i for i, r in enumerate(dataset.requirements)}
    pledges = [p for p in dataset.pledges if p.is_plannable]
    calendar = dataset.hub_calendar
    return Problem(
        dataset=dataset,
        item_codes=tuple(item.code for item in items),
        item_mass_t=_floats([float(item.unit_mass_kg) / 1000.0 for item in items]),
        item_divisible=np.asarray([item.divisible for item in items], dtype=np.bool_),
        item_group=_ints([group_index.get(item.substitution_group or "", -1) for item in items]),
        item_penalty=_floats([float(item.penalty) for item in items]),
        site_codes=tuple(site_index),
        lane_days=_lane_matrix(dataset, site_index),
        hub_site=_ints([site_index[site.code] for site in hubs]),
        hub_capacity_t=_floats([float(site.capacity_t_per_day or 0) for site in hubs]),
        hub_handling_days=_ints([site.handling_days for site in hubs]),
        calendar_hub=_ints([hub_index[entry.hub] for entry in calendar]),
        calendar_from=_ints([entry.from_date.toordinal() for entry in calendar]),
        calendar_to=_ints([entry.to_date.toordinal() for entry in calendar]),
        calendar_capacity_t=_floats([float(entry.capacity_t_per_day) for entry in calendar]),
        req_ids=tuple(req_index),
        req_item=_ints([item_index[r.item] for r in dataset.requirements]),
        req_quantity=_floats([float(r.quantity) for r in dataset.requirements]),
        req_priority=_ints([r.priority for r in dataset.requirements]),
        req_needed_by=_ints([r.needed_by.toordinal() for r in dataset.requirements]),
        req_destination=_ints([site_index[r.destination] for r in dataset.requirements]),
        pledge_ids=tuple(p.id for p in pledges),
        pledge_item=_ints([item_index[p.item] for p in pledges]),
        pledge_quantity=_floats([float(p.quantity) for p in pledges]),
        pledge_available=_ints([p.available_from.toordinal() for p in pledges]),
        pledge_origin=_ints([site_index[p.origin] for p in pledges]),
        pledge_earmark=_ints([req_index[p.earmark] if p.earmark else -1 for p in pledges]),
    )

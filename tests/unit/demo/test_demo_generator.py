"""The generator: determinism, integrity, sizes and the mix a staff officer would expect."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import Counter, defaultdict

import pytest
from demo_checks import integrity_problems, mass_t
from hypothesis import given, settings
from hypothesis import strategies as st

from pledgeflow.demo import demo_dataset, generate
from pledgeflow.demo.catalogue import CATALOGUE, catalogue_items
from pledgeflow.demo.generator import DEMO_AS_OF
from pledgeflow.demo.geography import REFERENCE_HUBS
from pledgeflow.demo.nations import DONORS, nation_parties
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import SiteKind

AS_OF = dt.date(2026, 11, 2)


def sized(
    seed: int,
    *,
    requirements: int = 1000,
    pledges: int = 1000,
    hubs: int = 4,
    horizon_days: int = 90,
) -> Dataset:
    """A data set of the benchmark's size S unless told otherwise."""
    return generate(
        requirements=requirements,
        pledges=pledges,
        hubs=hubs,
        horizon_days=horizon_days,
        seed=seed,
        as_of=AS_OF,
    )


@pytest.fixture(scope="module")
def small() -> Dataset:
    """The benchmark's size S."""
    return sized(7)


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return demo_dataset()


def kinds(dataset: Dataset) -> dict[str, SiteKind]:
    return {site.code: site.kind for site in dataset.sites}


def test_same_seed_gives_the_same_dataset(small: Dataset) -> None:
    assert sized(7) == small


def test_another_seed_gives_another_dataset(small: Dataset) -> None:
    other = sized(8)
    assert other.requirements != small.requirements
    assert other.pledges != small.pledges


def test_counts_match_the_request(small: Dataset) -> None:
    counts = small.counts()
    assert counts["requirements"] == 1000
    assert counts["pledges"] == 1000
    assert sum(kind is SiteKind.HUB for kind in kinds(small).values()) == 4
    assert counts["parties"] == len(DONORS) + 1


def test_every_reference_resolves_and_every_key_is_unique(small: Dataset, demo: Dataset) -> None:
    assert integrity_problems(small) == []
    assert integrity_problems(demo) == []


def test_lanes_run_depot_to_hub_and_hub_to_delivery_only(small: Dataset) -> None:
    kind = kinds(small)
    pairs = Counter((kind[lane.from_site], kind[lane.to_site]) for lane in small.lanes)
    assert set(pairs) == {(SiteKind.DEPOT, SiteKind.HUB), (SiteKind.HUB, SiteKind.DELIVERY)}
    assert all(lane.days >= 1 for lane in small.lanes)


def test_every_depot_and_delivery_point_reaches_a_hub(small: Dataset) -> None:
    lanes_from = {lane.from_site for lane in small.lanes}
    lanes_to = {lane.to_site for lane in small.lanes}
    for code, kind in kinds(small).items():
        if kind is SiteKind.DEPOT:
            assert code in lanes_from, code
        if kind is SiteKind.DELIVERY:
            assert code in lanes_to, code


def test_every_hub_has_capacity_and_every_item_mass(small: Dataset) -> None:
    hubs = [site for site in small.sites if site.kind is SiteKind.HUB]
    assert all(hub.capacity_t_per_day is not None and hub.capacity_t_per_day > 0 for hub in hubs)
    assert all(item.unit_mass_kg > 0 for item in small.items)


def test_pledged_mass_is_close_to_the_required_mass(small: Dataset, demo: Dataset) -> None:
    for dataset in (small, demo):
        items = {item.code: item for item in dataset.items}
        ratio = mass_t(dataset.pledges, items) / mass_t(dataset.requirements, items)
        assert 0.7 <= ratio <= 1.3


def test_each_requirement_has_a_handful_of_compatible_pledges(small: Dataset) -> None:
    items = {item.code: item for item in small.items}
    per_family = Counter(items[p.item].substitution_group or p.item for p in small.pledges)
    candidates = [
        per_family[items[r.item].substitution_group or r.item] for r in small.requirements
    ]
    assert 3 <= statistics.median(candidates) <= 20
    assert sum(n == 0 for n in candidates) < len(candidates) / 10


def test_priorities_are_skewed_towards_routine(small: Dataset) -> None:
    priorities = Counter(requirement.priority for requirement in small.requirements)
    assert set(priorities) == {1, 2, 3, 4, 5}
    assert priorities[1] < priorities[2] < priorities[3]
    assert priorities[1] < 0.15 * len(small.requirements)


def test_pledge_statuses_are_mostly_committed(small: Dataset) -> None:
    statuses = Counter(pledge.status for pledge in small.pledges)
    assert set(statuses) == {
        PledgeStatus.COMMITTED,
        PledgeStatus.ANNOUNCED,
        PledgeStatus.WITHDRAWN,
    }
    assert statuses[PledgeStatus.COMMITTED] > 0.7 * len(small.pledges)
    assert statuses[PledgeStatus.WITHDRAWN] < statuses[PledgeStatus.ANNOUNCED]


def test_a_few_pledges_are_earmarked_and_some_records_restricted(small: Dataset) -> None:
    earmarked = [pledge for pledge in small.pledges if pledge.earmark is not None]
    assert 0 < len(earmarked) < 0.1 * len(small.pledges)
    restricted_needs = [
        r for r in small.requirements if r.releasability is Releasability.RESTRICTED
    ]
    restricted_offers = [p for p in small.pledges if p.releasability is Releasability.RESTRICTED]
    assert 0 < len(restricted_needs) < 0.5 * len(small.requirements)
    assert 0 < len(restricted_offers) < 0.5 * len(small.pledges)


def test_indivisible_items_come_in_whole_units(small: Dataset) -> None:
    items = {item.code: item for item in small.items}
    lines: list[Requirement | Pledge] = [*small.requirements, *small.pledges]
    indivisible = [line for line in lines if not items[line.item].divisible]
    assert 0 < len(indivisible) < 0.2 * len(lines)
    assert all(line.quantity == line.quantity.to_integral_value() for line in indivisible)


def test_non_lethal_donors_never_pledge_weapons(small: Dataset) -> None:
    non_lethal = {nation.code for nation in DONORS if not nation.lethal_aid}
    items = {item.code: item for item in small.items}
    classes = {items[p.item].supply_class for p in small.pledges if p.donor in non_lethal}
    assert classes
    assert "V" not in classes


def test_dates_lie_within_the_horizon(small: Dataset) -> None:
    end = AS_OF + dt.timedelta(days=90)
    assert all(AS_OF < r.needed_by <= end for r in small.requirements)
    assert all(AS_OF - dt.timedelta(days=30) <= p.available_from <= end for p in small.pledges)
    assert any(p.available_from <= AS_OF for p in small.pledges)
    assert any(p.available_from > AS_OF + dt.timedelta(days=45) for p in small.pledges)


def test_hub_calendar_has_a_closure_and_no_overlaps(small: Dataset) -> None:
    end = AS_OF + dt.timedelta(days=90)
    assert any(entry.capacity_t_per_day == 0 for entry in small.hub_calendar)
    by_hub = defaultdict(list)
    for entry in small.hub_calendar:
        assert AS_OF <= entry.from_date <= entry.to_date <= end
        by_hub[entry.hub].append(entry)
    for entries in by_hub.values():
        entries.sort(key=lambda entry: entry.from_date)
        assert all(a.to_date < b.from_date for a, b in itertools.pairwise(entries))


def test_hubs_cannot_clear_the_opening_backlog_in_a_week(small: Dataset) -> None:
    """The waiting committed mass exceeds a week of all hubs' capacity: the hubs bind early."""
    items = {item.code: item for item in small.items}
    waiting = tuple(
        p for p in small.pledges if p.status is PledgeStatus.COMMITTED and p.available_from <= AS_OF
    )
    weekly_capacity_t = 7 * sum(float(s.capacity_t_per_day or 0) for s in small.sites)
    assert mass_t(waiting, items) > weekly_capacity_t


def test_large_sizes_get_synthetic_items_and_sites(small: Dataset) -> None:
    assert len(small.items) > len(CATALOGUE)
    codes = {item.code for item in catalogue_items()}
    assert codes <= {item.code for item in small.items}
    hubs = [site.code for site in small.sites if site.kind is SiteKind.HUB]
    assert hubs[:3] == [hub.code for hub in REFERENCE_HUBS]


def test_demo_is_the_real_picture_as_of_its_date(demo: Dataset) -> None:
    assert demo.counts()["requirements"] == 300
    assert demo.counts()["pledges"] == 600
    assert demo.parties == nation_parties()
    assert demo.items == catalogue_items()
    hubs = [site.code for site in demo.sites if site.kind is SiteKind.HUB]
    assert hubs == [hub.code for hub in REFERENCE_HUBS]
    deliveries = [site for site in demo.sites if site.kind is SiteKind.DELIVERY]
    assert 6 <= len(deliveries) <= 10
    assert all(r.needed_by > DEMO_AS_OF for r in demo.requirements)
    assert demo_dataset() == demo


def test_demo_scale_multiplies_the_counts(demo: Dataset) -> None:
    doubled = demo_dataset(2)
    assert doubled.counts()["requirements"] == 600
    assert doubled.counts()["pledges"] == 1200
    assert integrity_problems(doubled) == []


@pytest.mark.parametrize(
    "changes",
    [{"requirements": 0}, {"pledges": -1}, {"hubs": 0}, {"horizon_days": 0}],
)
def test_impossible_sizes_are_refused(changes: dict[str, int]) -> None:
    with pytest.raises(ValueError, match=next(iter(changes))):
        sized(1, **changes)
    with pytest.raises(ValueError, match="scale"):
        demo_dataset(0)


def test_medium_size_keeps_its_integrity() -> None:
    medium = generate(
        requirements=10_000, pledges=10_000, hubs=8, horizon_days=180, seed=3, as_of=AS_OF
    )
    assert medium.counts()["requirements"] == medium.counts()["pledges"] == 10_000
    assert sum(site.kind is SiteKind.HUB for site in medium.sites) == 8
    assert integrity_problems(medium) == []


@settings(max_examples=30, deadline=None)
@given(
    requirements=st.integers(min_value=1, max_value=150),
    pledges=st.integers(min_value=0, max_value=250),
    hubs=st.integers(min_value=1, max_value=12),
    horizon_days=st.integers(min_value=1, max_value=200),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_any_size_is_consistent(
    requirements: int, pledges: int, hubs: int, horizon_days: int, seed: int
) -> None:
    dataset = generate(
        requirements=requirements,
        pledges=pledges,
        hubs=hubs,
        horizon_days=horizon_days,
        seed=seed,
        as_of=AS_OF,
    )
    assert integrity_problems(dataset) == []
    assert len(dataset.requirements) == requirements
    assert len(dataset.pledges) == pledges
    assert sum(site.kind is SiteKind.HUB for site in dataset.sites) == hubs
    end = AS_OF + dt.timedelta(days=horizon_days)
    assert all(AS_OF < r.needed_by <= end for r in dataset.requirements)
    assert all(p.available_from <= end for p in dataset.pledges)
    assert all(entry.to_date <= end for entry in dataset.hub_calendar)

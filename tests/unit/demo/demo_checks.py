"""Checks shared by the demo tests: referential integrity and the mass of a data set."""

from __future__ import annotations

from collections import Counter

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item
from pledgeflow.domain.pledges import Pledge
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import Site, SiteKind


def _duplicates(kind: str, keys: list[str]) -> list[str]:
    return [f"duplicate {kind} {key!r}" for key, n in Counter(keys).items() if n > 1]


def integrity_problems(dataset: Dataset) -> list[str]:
    """Every broken reference or duplicate key in `dataset`, as readable lines (empty if none)."""
    items = {item.code: item for item in dataset.items}
    sites = {site.code: site for site in dataset.sites}
    parties = {party.code for party in dataset.parties}
    requirements = {requirement.id: requirement for requirement in dataset.requirements}
    problems = _duplicates("item", [item.code for item in dataset.items])
    problems += _duplicates("site", [site.code for site in dataset.sites])
    problems += _duplicates("party", [party.code for party in dataset.parties])
    problems += _duplicates("requirement", [r.id for r in dataset.requirements])
    problems += _duplicates("pledge", [p.id for p in dataset.pledges])
    problems += _duplicates("lane", [f"{lane.from_site}>{lane.to_site}" for lane in dataset.lanes])
    problems += [
        f"site {site.code} in unknown country {site.country}"
        for site in dataset.sites
        if site.country not in parties
    ]
    problems += [
        f"lane {lane.from_site}>{lane.to_site} has an unknown end"
        for lane in dataset.lanes
        if lane.from_site not in sites or lane.to_site not in sites
    ]
    problems += [
        f"calendar names {entry.hub}, not a hub"
        for entry in dataset.hub_calendar
        if entry.hub not in sites or sites[entry.hub].kind is not SiteKind.HUB
    ]
    for requirement in dataset.requirements:
        problems += _requirement_problems(requirement, items, sites)
    for pledge in dataset.pledges:
        problems += _pledge_problems(pledge, items, sites, parties, requirements)
    return problems


def _requirement_problems(
    requirement: Requirement, items: dict[str, Item], sites: dict[str, Site]
) -> list[str]:
    problems = []
    if requirement.item not in items:
        problems.append(f"requirement {requirement.id} names unknown item {requirement.item}")
    destination = sites.get(requirement.destination)
    if destination is None or destination.kind is not SiteKind.DELIVERY:
        problems.append(f"requirement {requirement.id} destination is not a delivery point")
    return problems


def _pledge_problems(
    pledge: Pledge,
    items: dict[str, Item],
    sites: dict[str, Site],
    parties: set[str],
    requirements: dict[str, Requirement],
) -> list[str]:
    problems = []
    if pledge.item not in items:
        problems.append(f"pledge {pledge.id} names unknown item {pledge.item}")
    if pledge.donor not in parties:
        problems.append(f"pledge {pledge.id} names unknown donor {pledge.donor}")
    origin = sites.get(pledge.origin)
    if origin is None or origin.kind is not SiteKind.DEPOT:
        problems.append(f"pledge {pledge.id} origin is not a depot")
    elif origin.country != pledge.donor:
        problems.append(f"pledge {pledge.id} ships from another nation's depot")
    if pledge.earmark is not None:
        target = requirements.get(pledge.earmark)
        if target is None:
            problems.append(f"pledge {pledge.id} earmark {pledge.earmark} does not exist")
        elif pledge.item in items and not items[pledge.item].can_serve(items[target.item]):
            problems.append(f"pledge {pledge.id} cannot serve its earmark {target.id}")
    return problems


def mass_t(lines: tuple[Requirement, ...] | tuple[Pledge, ...], items: dict[str, Item]) -> float:
    return sum(float(line.quantity * items[line.item].unit_mass_kg) for line in lines) / 1000

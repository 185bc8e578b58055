"""Input checks run before any array is built, so that every error names its record and field.

The planner cannot index a lane to an unknown site or weigh a requirement whose item is not in the
catalogue; rather than fail deep inside NumPy, every such defect is collected here and raised at
once as a `PlanInputError`, each issue phrased like a `DomainError` ("record: field: reason").
"""

from __future__ import annotations

from dataclasses import dataclass

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item


@dataclass(frozen=True, slots=True)
class InputIssue:
    record: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.record}: {self.field}: {self.reason}"


class PlanInputError(ValueError):
    """The inputs cannot be planned; `issues` lists every defect found, not just the first."""

    def __init__(self, issues: list[InputIssue]) -> None:
        super().__init__("; ".join(str(issue) for issue in issues))
        self.issues = issues


def _duplicates(kind: str, keys: list[str], field: str) -> list[InputIssue]:
    seen: set[str] = set()
    issues = []
    for key in keys:
        if key in seen:
            issues.append(InputIssue(f"{kind} {key!r}", field, "appears more than once"))
        seen.add(key)
    return issues


def _site_issues(dataset: Dataset) -> list[InputIssue]:
    sites = {site.code: site for site in dataset.sites}
    issues = _duplicates("site", [site.code for site in dataset.sites], "code")
    for lane in dataset.lanes:
        record = f"lane {lane.from_site!r} → {lane.to_site!r}"
        for field, code in (("from", lane.from_site), ("to", lane.to_site)):
            if code not in sites:
                issues.append(InputIssue(record, field, f"site {code!r} does not exist"))
    for entry in dataset.hub_calendar:
        record = f"hub_calendar {entry.hub!r} {entry.from_date}…{entry.to_date}"
        site = sites.get(entry.hub)
        if site is None:
            issues.append(InputIssue(record, "hub", f"site {entry.hub!r} does not exist"))
        elif not site.is_hub or site.capacity_t_per_day is None:
            issues.append(InputIssue(record, "hub", f"site {entry.hub!r} is not a hub"))
    for site in dataset.sites:
        if site.is_hub and site.capacity_t_per_day is None:
            issues.append(InputIssue(f"site {site.code!r}", "capacity_t_per_day", "hub has none"))
    return issues


def _requirement_issues(dataset: Dataset, items: dict[str, Item]) -> list[InputIssue]:
    sites = {site.code for site in dataset.sites}
    issues = _duplicates("requirement", [r.id for r in dataset.requirements], "id")
    for requirement in dataset.requirements:
        record = f"requirement {requirement.id!r}"
        item = items.get(requirement.item)
        if item is None:
            reason = f"item {requirement.item!r} is not in the catalogue, so it has no unit mass"
            issues.append(InputIssue(record, "item", reason))
        elif not item.divisible and requirement.quantity != requirement.quantity.to_integral():
            issues.append(InputIssue(record, "quantity", "item is indivisible: whole units only"))
        if requirement.destination not in sites:
            reason = f"site {requirement.destination!r} does not exist"
            issues.append(InputIssue(record, "destination", reason))
    return issues


def _pledge_issues(dataset: Dataset, items: dict[str, Item]) -> list[InputIssue]:
    sites = {site.code for site in dataset.sites}
    requirements = {r.id: r for r in dataset.requirements}
    issues = _duplicates("pledge", [p.id for p in dataset.pledges], "id")
    for pledge in dataset.pledges:
        if not pledge.is_plannable:
            continue
        record = f"pledge {pledge.id!r}"
        item = items.get(pledge.item)
        if item is None:
            reason = f"item {pledge.item!r} is not in the catalogue, so it has no unit mass"
            issues.append(InputIssue(record, "item", reason))
        elif not item.divisible and pledge.quantity != pledge.quantity.to_integral():
            issues.append(InputIssue(record, "quantity", "item is indivisible: whole units only"))
        if pledge.origin not in sites:
            issues.append(InputIssue(record, "origin", f"site {pledge.origin!r} does not exist"))
        if pledge.earmark is None:
            continue
        target = requirements.get(pledge.earmark)
        if target is None:
            reason = f"requirement {pledge.earmark!r} does not exist"
            issues.append(InputIssue(record, "earmark", reason))
        elif item is not None and target.item in items and not item.can_serve(items[target.item]):
            reason = (
                f"requirement {target.id!r} needs {target.item!r}, which {item.code!r} cannot serve"
            )
            issues.append(InputIssue(record, "earmark", reason))
    return issues


def check_dataset(dataset: Dataset) -> None:
    """Raise `PlanInputError` naming every record and field the planner cannot use."""
    items = {item.code: item for item in dataset.items}
    issues = _duplicates("item", [item.code for item in dataset.items], "code")
    issues += _site_issues(dataset)
    issues += _requirement_issues(dataset, items)
    issues += _pledge_issues(dataset, items)
    if issues:
        raise PlanInputError(issues)

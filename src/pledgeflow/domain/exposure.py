"""Donor exposure: how much fill each donor's withdrawal would cost, and where one donor
carries a requirement alone.

Donors are ranked by priority-weighted fill lost (16/8/4/2/1 × requirement-equivalents of
fill, DESIGN §5), with each tier's loss kept apart so a loss at priority 1 is never hidden by
gains elsewhere. Per requirement, concentration is the share of its planned units (baseline)
that come from its largest donor; it is flagged a single point of failure when that share is
at least `SINGLE_POINT_SHARE` and withdrawing that donor lowers its fill (the sweep's run
says so: other donors could not stand in).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pledgeflow.domain.pledges import Pledge
from pledgeflow.domain.scenario_diffs import TOLERANCE, Case, ScenarioDiff

SINGLE_POINT_SHARE = 0.5
RESTRICTED_DONOR = "restricted (other nation)"


@dataclass(frozen=True)
class DonorExposure:
    donor: str
    weighted_loss: float
    lost_by_tier: dict[int, float]
    requirements_hit: int
    proven_optimal: bool


@dataclass(frozen=True)
class Concentration:
    requirement: str
    priority: int
    item: str
    planned_units: float
    largest_donor: str
    share: float
    units_lost_if_withdrawn: float | None
    single_point: bool


def rank(diffs: Mapping[str, ScenarioDiff], optimal: Mapping[str, bool]) -> list[DonorExposure]:
    """Donors by weighted loss, largest first (then by priority-1 loss, then name)."""
    ranked = [
        DonorExposure(
            donor,
            diff.weighted_loss,
            {t.priority: t.lost for t in diff.tiers},
            sum(1 for c in diff.requirements if c.units_lost > TOLERANCE),
            optimal.get(donor, False),
        )
        for donor, diff in diffs.items()
    ]
    return sorted(ranked, key=lambda d: (-d.weighted_loss, -d.lost_by_tier.get(1, 0.0), d.donor))


def concentration(
    baseline: Case,
    diffs: Mapping[str, ScenarioDiff],
    visible: Callable[[Pledge], bool] = lambda _: True,
) -> list[Concentration]:
    """Per planned requirement, the largest donor's share; most concentrated, most urgent
    first. A donor whose contributing pledges the viewer may not see is not named."""
    pledges = {p.id: p for p in baseline.planned.pledges}
    units: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    hidden: set[tuple[str, str]] = set()
    for line in baseline.plan.allocations:
        pledge = pledges[line.pledge]
        units[line.requirement][pledge.donor] += line.quantity
        if not visible(pledge):
            hidden.add((line.requirement, pledge.donor))
    found = []
    for r in baseline.dataset.requirements:
        per_donor = units.get(r.id)
        if not per_donor:
            continue
        donor, most = max(per_donor.items(), key=lambda kv: (kv[1], kv[0]))
        total = sum(per_donor.values())
        diff = diffs.get(donor)
        lost = None
        if diff is not None:
            lost = next((c.units_lost for c in diff.requirements if c.requirement == r.id), 0.0)
        share = most / total
        name = RESTRICTED_DONOR if (r.id, donor) in hidden else donor
        flagged = share >= SINGLE_POINT_SHARE and lost is not None and lost > TOLERANCE
        found.append(Concentration(r.id, r.priority, r.item, total, name, share, lost, flagged))
    return sorted(found, key=lambda c: (not c.single_point, -c.share, c.priority, c.requirement))

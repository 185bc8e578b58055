"""Asks for the next donor conference: what a plan leaves unmet, and who could step in.

Per item, needed-by week (its Monday) and priority: the quantity the plan leaves unmet, and
per donor the compatible supply (same item, or same substitution group, not earmarked for
another need) that is firm but unused by the plan (`spare`), firm but allocated to needs of
lower priority (`to_lower_priority`), or announced and not yet firm (`announced`).

Pledges the viewer may not see individually (another nation's restricted pledges) are summed
into one `RESTRICTED_DONORS` entry: totals only, as the access rule allows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Plan
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement

RESTRICTED_DONORS = "restricted (other nations)"
TOLERANCE = 1e-6


@dataclass
class DonorSupply:
    donor: str
    spare: float = 0.0
    to_lower_priority: float = 0.0
    announced: float = 0.0

    @property
    def total(self) -> float:
        return self.spare + self.to_lower_priority + self.announced

    def text(self) -> str:
        parts = [
            f"{value:g} {name}"
            for name, value in (
                ("spare", self.spare),
                ("to lower priority", self.to_lower_priority),
                ("announced", self.announced),
            )
            if value > TOLERANCE
        ]
        return f"{self.donor}: " + ", ".join(parts)


@dataclass
class Ask:
    item: str
    week: dt.date
    priority: int
    unmet: float = 0.0
    requirements: list[str] = field(default_factory=list)
    donors: list[DonorSupply] = field(default_factory=list)


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class _Supply:
    """Per pledge, what the plan sends to each priority, and the compatibility rule."""

    def __init__(self, planned: Dataset, plan: Plan) -> None:
        self.items = {item.code: item for item in planned.items}
        priority = {r.id: r.priority for r in planned.requirements}
        self.sent: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for line in plan.allocations:
            self.sent[line.pledge][priority.get(line.requirement, 5)] += line.quantity

    def compatible(self, pledge: Pledge, need: Requirement) -> bool:
        if pledge.earmark is not None and pledge.earmark != need.id:
            return False
        return self.items[pledge.item].can_serve(self.items[need.item])

    def offer(self, pledge: Pledge, priority: int) -> tuple[float, float, float]:
        if pledge.status is PledgeStatus.ANNOUNCED:
            return 0.0, 0.0, float(pledge.quantity)
        if not pledge.is_plannable:
            return 0.0, 0.0, 0.0
        sent = self.sent.get(pledge.id, {})
        spare = float(pledge.quantity) - sum(sent.values())
        lower = sum(q for p, q in sent.items() if p > priority)
        return max(spare, 0.0), lower, 0.0


def asks(
    planned: Dataset, plan: Plan, visible: Callable[[Pledge], bool] = lambda _: True
) -> list[Ask]:
    """The asks of a plan over its inputs (`planned`: the re-planning dataset it was made
    from), most urgent first; donors in each ask by what they could give, largest first."""
    needs = {r.id: r for r in planned.requirements}
    found: dict[tuple[str, dt.date, int], Ask] = {}
    for shortfall in plan.shortfalls:
        need = needs.get(shortfall.requirement)
        if need is None or shortfall.quantity <= TOLERANCE:
            continue
        key = (need.item, week_of(need.needed_by), need.priority)
        ask = found.setdefault(key, Ask(*key))
        ask.unmet += shortfall.quantity
        if need.id not in ask.requirements:
            ask.requirements.append(need.id)
    supply = _Supply(planned, plan)
    for ask in found.values():
        ask.donors = _donors(supply, planned.pledges, [needs[r] for r in ask.requirements], visible)
    return sorted(found.values(), key=lambda a: (a.priority, a.week, a.item))


def _donors(
    supply: _Supply,
    pledges: Iterable[Pledge],
    needs: list[Requirement],
    visible: Callable[[Pledge], bool],
) -> list[DonorSupply]:
    priority = min(n.priority for n in needs)
    by_donor: dict[str, DonorSupply] = {}
    for pledge in pledges:
        if not any(supply.compatible(pledge, need) for need in needs):
            continue
        spare, lower, announced = supply.offer(pledge, priority)
        if spare + lower + announced <= TOLERANCE:
            continue
        name = pledge.donor if visible(pledge) else RESTRICTED_DONORS
        entry = by_donor.setdefault(name, DonorSupply(name))
        entry.spare += spare
        entry.to_lower_priority += lower
        entry.announced += announced
    return sorted(by_donor.values(), key=lambda d: (-d.total, d.donor))

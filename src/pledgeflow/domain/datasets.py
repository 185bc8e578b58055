"""A dataset: one consistent bundle of every interchange table, as imported or exported."""

from __future__ import annotations

from dataclasses import dataclass

from pledgeflow.domain.items import Item
from pledgeflow.domain.parties import Party
from pledgeflow.domain.pledges import Pledge
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import HubCalendarEntry, Lane, Site


@dataclass(frozen=True, slots=True)
class Dataset:
    parties: tuple[Party, ...] = ()
    items: tuple[Item, ...] = ()
    sites: tuple[Site, ...] = ()
    lanes: tuple[Lane, ...] = ()
    hub_calendar: tuple[HubCalendarEntry, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    pledges: tuple[Pledge, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "parties": len(self.parties),
            "items": len(self.items),
            "sites": len(self.sites),
            "lanes": len(self.lanes),
            "hub_calendar": len(self.hub_calendar),
            "requirements": len(self.requirements),
            "pledges": len(self.pledges),
        }

"""Warnings about a transport network that imports fine but will not carry what it seems to.

None of these is an error: a hub may be closed on purpose (capacity 0), and an extra lane
harms nothing. But every unit moves origin → one hub → destination (DESIGN §5), so a lane
between two hubs (and so any hub ↔ hub cycle) is never used by any route, and a 0-day lane
claims goods arrive the day they leave; the importer says so rather than stay silent.
"""

from __future__ import annotations

from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.sites import SiteKind


def network_warnings(imported: Dataset, known: Dataset) -> list[ImportProblem]:
    """Warnings on the imported hubs and lanes, judged with the sites already known."""
    kinds = {site.code: site.kind for site in (*known.sites, *imported.sites)}
    warnings = [
        ImportProblem(
            "sites",
            None,
            "capacity_t_per_day",
            site.code,
            "capacity 0: the hub is closed, and plans will route nothing through it",
        )
        for site in imported.sites
        if site.kind is SiteKind.HUB and site.capacity_t_per_day == 0
    ]
    for lane in imported.lanes:
        named = f"{lane.from_site} → {lane.to_site}"
        if kinds.get(lane.from_site) is SiteKind.HUB and kinds.get(lane.to_site) is SiteKind.HUB:
            reason = "a lane between two hubs: routes pass through one hub, so none uses it"
            warnings.append(ImportProblem("lanes", None, "to", named, reason))
        if lane.days == 0:
            reason = "0 transit days: goods would arrive the day they leave"
            warnings.append(ImportProblem("lanes", None, "days", named, reason))
    return warnings

"""What a scenario run or a sweep shows to one viewer: tables for the CLI, API, pages and CSV.

Runs compute on the aggregate (every record), because a what-if on part of the records would
answer another question. What each viewer then sees goes through `access.sees_record`, the
in-memory form of the one row filter: a requirement the viewer may not see is counted only
in a totals row and never named (shortfall details, which name other requirements, are left
out for such viewers); another nation's restricted pledges appear only as a summed entry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pledgeflow.adapters.exporters import Sheet, write_sheets
from pledgeflow.domain.asks import Ask, asks
from pledgeflow.domain.exposure import Concentration, concentration
from pledgeflow.domain.pledges import Pledge
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.scenario_diffs import Case, RequirementChange
from pledgeflow.service.access import Principal, Resource, Role, sees_all, sees_record
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.scenarios import ScenarioResult, SweepResult

DIFF_COLUMNS = [
    "requirement",
    "priority",
    "item",
    "quantity",
    "fill_before",
    "fill_after",
    "reason_after",
    "detail",
]
ASK_COLUMNS = ["plan", "item", "needed_by_week", "priority", "unmet_quantity"]
ASK_COLUMNS += ["requirements", "donors"]


@dataclass(frozen=True)
class Viewer:
    """Who looks at a run; None is the command line's operator, who sees every record."""

    principal: Principal | None = None

    def pledge(self, pledge: Pledge) -> bool:
        return self.principal is None or sees_record(self.principal, Resource.PLEDGES, pledge)

    def requirement(self, need: Requirement | None) -> bool:
        if self.principal is None:
            return True
        return need is not None and sees_record(self.principal, Resource.REQUIREMENTS, need)

    @property
    def sees_every_requirement(self) -> bool:
        return self.principal is None or sees_all(self.principal.role, Resource.REQUIREMENTS)


CLI_VIEWER = Viewer()


def _plain(change: RequirementChange) -> str:
    """The detail without the shortfall's own text (which may name other requirements)."""
    parts = [f"{change.units_lost:g} units fewer"] if change.units_lost > 0 else []
    if change.units_later > 0:
        parts.append(f"{change.units_later:g} units later, by up to {change.days_later} days")
    if change.reason_after:
        parts.append(change.reason_after)
    return "; ".join(parts)


def visible_changes(
    result: ScenarioResult, viewer: Viewer
) -> tuple[list[RequirementChange], int, float]:
    """The requirement changes the viewer may see, and the count and units lost of the rest."""
    needs = {r.id: r for r in result.scenario.dataset.requirements}
    shown, hidden, hidden_units = [], 0, 0.0
    for change in result.diff.requirements:
        if viewer.requirement(needs.get(change.requirement)):
            keep = viewer.sees_every_requirement
            shown.append(change if keep else _replace_detail(change))
        else:
            hidden += 1
            hidden_units += change.units_lost
    return shown, hidden, hidden_units


def _replace_detail(change: RequirementChange) -> RequirementChange:
    return replace(change, detail=_plain(change))


def diff_sheet(result: ScenarioResult, viewer: Viewer = CLI_VIEWER) -> Sheet:
    shown, hidden, hidden_units = visible_changes(result, viewer)
    rows: list[list[object]] = [
        [
            c.requirement,
            c.priority,
            c.item,
            c.quantity,
            "" if c.fill_before is None else round(c.fill_before, 4),
            round(c.fill_after, 4),
            c.reason_after,
            c.detail,
        ]
        for c in shown
    ]
    if hidden:
        label = f"({hidden} restricted requirements)"
        rows.append([label, "", "", "", "", "", "", f"{hidden_units:g} units fewer in total"])
    return DIFF_COLUMNS, rows


def case_asks(case: Case, viewer: Viewer = CLI_VIEWER) -> list[Ask]:
    found = asks(case.planned, case.plan, viewer.pledge)
    needs = {r.id: r for r in case.planned.requirements}
    for ask in found:
        seen = [r for r in ask.requirements if viewer.requirement(needs.get(r))]
        hidden = len(ask.requirements) - len(seen)
        ask.requirements = seen + ([f"+{hidden} restricted"] if hidden else [])
    return found


def asks_rows(label: str, found: list[Ask]) -> list[list[object]]:
    return [
        [
            label,
            a.item,
            a.week,
            a.priority,
            round(a.unmet, 3),
            " ".join(a.requirements),
            "; ".join(d.text() for d in a.donors),
        ]
        for a in found
    ]


def asks_sheet(result: ScenarioResult, viewer: Viewer = CLI_VIEWER) -> Sheet:
    rows = asks_rows("baseline", case_asks(result.baseline, viewer))
    rows += asks_rows("scenario", case_asks(result.scenario, viewer))
    return ASK_COLUMNS, rows


def write_result(result: ScenarioResult, out: Path, viewer: Viewer = CLI_VIEWER) -> None:
    """`scenario_diff.csv` and `asks.csv` (baseline's and scenario's asks) into folder `out`."""
    sheets = {"scenario_diff": diff_sheet(result, viewer), "asks": asks_sheet(result, viewer)}
    _write(sheets, out)


EXPOSURE_COLUMNS = ["rank", "donor", "weighted_loss", *(f"lost_p{p}" for p in range(1, 6))]
EXPOSURE_COLUMNS += ["requirements_hit", "proven_optimal"]
CONCENTRATION_COLUMNS = ["requirement", "priority", "item", "planned_units", "largest_donor"]
CONCENTRATION_COLUMNS += ["share", "units_lost_if_withdrawn", "single_point"]


def exposure_sheet(result: SweepResult) -> Sheet:
    rows: list[list[object]] = [
        [n, d.donor, round(d.weighted_loss, 4)]
        + [round(d.lost_by_tier.get(p, 0.0), 4) for p in range(1, 6)]
        + [d.requirements_hit, d.proven_optimal]
        for n, d in enumerate(result.ranking, start=1)
    ]
    return EXPOSURE_COLUMNS, rows


def visible_concentration(result: SweepResult, viewer: Viewer) -> list[Concentration]:
    needs = {r.id: r for r in result.baseline.dataset.requirements}
    found = concentration(result.baseline, result.diffs, viewer.pledge)
    return [c for c in found if viewer.requirement(needs.get(c.requirement))]


def _concentration_row(c: Concentration) -> list[object]:
    lost = "" if c.units_lost_if_withdrawn is None else c.units_lost_if_withdrawn
    head = [c.requirement, c.priority, c.item, round(c.planned_units, 3), c.largest_donor]
    return [*head, round(c.share, 4), lost, c.single_point]


def concentration_sheet(result: SweepResult, viewer: Viewer = CLI_VIEWER) -> Sheet:
    rows = [_concentration_row(c) for c in visible_concentration(result, viewer)]
    return CONCENTRATION_COLUMNS, rows


def write_sweep(result: SweepResult, out: Path, viewer: Viewer = CLI_VIEWER) -> None:
    """`exposure.csv`, `concentration.csv` and the baseline's `asks.csv` into folder `out`."""
    sheets = {
        "exposure": exposure_sheet(result),
        "concentration": concentration_sheet(result, viewer),
        "asks": (ASK_COLUMNS, asks_rows("baseline", case_asks(result.baseline, viewer))),
    }
    _write(sheets, out)


def _write(sheets: dict[str, Sheet], out: Path) -> None:
    try:
        write_sheets(sheets, out)
    except OSError as error:
        raise ServiceError(f"cannot write {out}: {error}") from error


def viewer_of(principal: Principal) -> Viewer:
    return Viewer(None if principal.role is Role.COORDINATOR else principal)

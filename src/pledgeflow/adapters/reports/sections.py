"""Report sections built from service results: one function per kind of result."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from pledgeflow.adapters.reports.charts import Series, bar_chart
from pledgeflow.adapters.reports.documents import Section, TableBlock
from pledgeflow.domain import number_formats as nf
from pledgeflow.domain.plan_summaries import PlanSummary
from pledgeflow.domain.summaries import DatasetSummary
from pledgeflow.service.allocation_tracking import AllocationVariance
from pledgeflow.service.hub_throughput import HubDay, over_capacity_text
from pledgeflow.service.plan_figures import PlanFigures


def dataset_section(summary: DatasetSummary) -> Section:
    priorities = [f"P{p.priority}" for p in summary.by_priority]
    donors = summary.by_donor[:15]
    return Section(
        title="Needs and pledges",
        paragraphs=[
            "Requirements by priority (1 = critical), pledges by donor (withdrawn pledges left "
            "out) and mass by NATO supply class, required against pledged."
        ],
        charts=[
            bar_chart(
                "Required mass by priority (t)",
                priorities,
                [Series("required t", [float(p.mass_t) for p in summary.by_priority])],
                unit="t",
            ),
            bar_chart(
                "Pledged value by donor, top 15 (EUR)",
                [d.name for d in donors],
                [Series("pledged EUR", [float(d.value_eur) for d in donors])],
                unit="EUR",
            ),
            bar_chart(
                "Mass by supply class: required vs pledged (t)",
                [f"Class {c.supply_class}" for c in summary.by_class],
                [
                    Series("required t", [float(c.required_t) for c in summary.by_class]),
                    Series("pledged t", [float(c.pledged_t) for c in summary.by_class]),
                ],
                unit="t",
            ),
        ],
        tables=[
            TableBlock(
                "Pledges by donor",
                ["donor", "name", "pledges", "mass", "value", "share of GDP"],
                [
                    [
                        d.donor,
                        d.name,
                        nf.count(d.pledges),
                        nf.tonnes(d.mass_t),
                        nf.euros(d.value_eur),
                        "" if d.share_of_gdp is None else f"{float(d.share_of_gdp) * 100:.4f} %",
                    ]
                    for d in summary.by_donor
                ],
            )
        ],
    )


def plan_section(
    plan_id: int, figures: PlanFigures, baseline: PlanSummary | None = None
) -> Section:
    """The plan's fill per tier (against the spreadsheet method when given), shortfalls by
    reason and hub utilisation with the value of more capacity, all from `figures` (the one
    source every surface reads) in the shared number formats."""
    plan, summary = figures.plan, figures.summary
    tiers = [f"P{t.priority}" for t in summary.tiers]
    fill = [Series("pledgeflow plan", [nf.percent_value(t.fill_fraction) for t in summary.tiers])]
    if baseline is not None:
        greedy = [nf.percent_value(t.fill_fraction) for t in baseline.tiers]
        fill.append(Series("greedy spreadsheet method", greedy))
    return Section(
        title=f"Plan {plan_id}",
        paragraphs=[
            f"As of {plan.as_of}, horizon end {plan.horizon_end}: "
            f"{nf.count(len(plan.allocations))} allocation lines, "
            f"{nf.count(len(plan.shortfalls))} shortfalls; {figures.verdict}.",
            figures.lateness,
            *figures.notices,
        ],
        method=figures.method,
        charts=[
            bar_chart("Mean fill by priority tier (%)", tiers, fill, unit="%"),
            bar_chart(
                "Shortfalls by reason (count)",
                [r.reason for r in summary.shortfalls],
                [Series("shortfalls", [float(r.shortfalls) for r in summary.shortfalls])],
            ),
            bar_chart(
                "Hub utilisation over the horizon (%)",
                [h.hub for h in summary.hubs],
                [Series("utilisation", [nf.percent_value(h.utilisation) for h in summary.hubs])],
                unit="%",
            ),
        ],
        tables=[
            TableBlock(
                "Fill by priority tier (delivered and under way included)",
                ["priority", "requirements", "fully met", "mean fill"],
                [
                    [
                        t.priority,
                        nf.count(t.requirements),
                        nf.count(t.fully_met),
                        nf.percent(t.fill_fraction),
                    ]
                    for t in summary.tiers
                ],
            ),
            TableBlock(
                "Hubs: what one more tonne per day, every day of the horizon, would buy",
                ["hub", "utilisation", "value of +1 t/day"],
                [
                    [
                        h.hub,
                        nf.percent(h.utilisation),
                        nf.capacity_value(h.capacity_value, h.criterion),
                    ]
                    for h in summary.hubs
                ],
            ),
            TableBlock(
                "Shortfalls (first 40)",
                ["requirement", "quantity", "reason", "detail"],
                [
                    [
                        s.requirement,
                        figures.quantity(s.requirement, s.quantity),
                        s.reason.value,
                        s.detail,
                    ]
                    for s in plan.shortfalls[:40]
                ],
            ),
        ],
    )


def _over_capacity_sentence(over: Sequence[HubDay]) -> str:
    if not over:
        return "No hub sent out more than its capacity on any of these days."
    hubs = sorted({h.hub for h in over})
    return (
        f"Over capacity: {nf.count(len(over))} hub-day(s) at {', '.join(hubs)} sent out more "
        "than the hub's capacity (listed below)."
    )


def audit_section(size: int, root_hex: str, checkpoint: str, verified: bool) -> Section:
    return Section(
        title="Tamper-evident record",
        paragraphs=[
            f"The audit log holds {size:,} entries with Merkle root {root_hex}.",
            "Verification re-hashed every entry, rebuilt the tree, checked the checkpoint below "
            "and reconciled every table with the log: "
            + ("everything agrees." if verified else "FINDINGS (see `pledgeflow audit verify`)."),
            f"Signed checkpoint: {checkpoint}",
        ],
    )


def deliveries_section(
    today: dt.date,
    variances: Sequence[AllocationVariance],
    plan_id: int,
    figures: PlanFigures,
    changed_lines: int,
    over_capacity: Sequence[HubDay] = (),
) -> Section:
    tracks = Counter(v.track.value for v in variances)
    late = sorted((v for v in variances if v.days_late > 0), key=lambda v: -v.days_late)[:25]
    section = plan_section(plan_id, figures)
    section.title = f"Deliveries to {today}, and the re-plan"
    section.paragraphs.insert(
        0,
        f"Shipment events up to {today} were recorded against the approved plan; plan {plan_id} "
        f"re-plans from where things stand: {nf.count(changed_lines)} allocation lines "
        "changed.",
    )
    section.paragraphs.insert(1, _over_capacity_sentence(over_capacity))
    if over_capacity:
        section.tables.insert(
            0,
            TableBlock(
                "Hub-days that sent out more than their capacity",
                ["hub", "day", "departed", "capacity", "over capacity"],
                [
                    [
                        h.hub,
                        str(h.day),
                        nf.tonnes(h.departed_t),
                        nf.tonnes(h.capacity_t),
                        over_capacity_text(h),
                    ]
                    for h in over_capacity
                ],
            ),
        )
    section.charts.insert(
        0,
        bar_chart(
            "Approved allocations by state",
            sorted(tracks),
            [Series("allocations", [float(tracks[t]) for t in sorted(tracks)])],
        ),
    )
    section.tables.insert(
        0,
        TableBlock(
            "Plan against actual: the latest allocations",
            ["allocation", "allocated", "dispatched", "delivered", "lost", "state", "days late"],
            [
                [
                    str(v.allocation),
                    nf.quantity(v.allocated),
                    nf.quantity(v.dispatched),
                    nf.quantity(v.delivered),
                    nf.quantity(v.written_off),
                    v.track.value,
                    v.days_late,
                ]
                for v in late
            ],
        ),
    )
    return section

"""Report sections built from service results: one function per kind of result."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from pledgeflow.adapters.reports.charts import Series, bar_chart
from pledgeflow.adapters.reports.documents import Section, TableBlock
from pledgeflow.domain.plan_summaries import PlanSummary
from pledgeflow.domain.plans import Plan
from pledgeflow.domain.summaries import DatasetSummary
from pledgeflow.service.allocation_tracking import AllocationVariance


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
                ["donor", "name", "pledges", "mass t", "value EUR", "share of GDP %"],
                [
                    [
                        d.donor,
                        d.name,
                        d.pledges,
                        round(float(d.mass_t), 1),
                        round(float(d.value_eur)),
                        "" if d.share_of_gdp is None else round(float(d.share_of_gdp) * 100, 4),
                    ]
                    for d in summary.by_donor
                ],
            )
        ],
    )


def plan_section(
    plan_id: int, plan: Plan, summary: PlanSummary, baseline: PlanSummary | None = None
) -> Section:
    """The plan's fill per tier (against the spreadsheet method when given), shortfalls by
    reason and hub utilisation with the value of more capacity."""
    tiers = [f"P{t.priority}" for t in summary.tiers]
    fill = [Series("pledgeflow plan", [t.fill_fraction * 100 for t in summary.tiers])]
    if baseline is not None:
        fill.append(
            Series("greedy spreadsheet method", [t.fill_fraction * 100 for t in baseline.tiers])
        )
    quality = plan.quality
    verdict = "unknown quality"
    if quality is not None:
        verdict = (
            "proven optimal" if quality.proven_optimal else f"within {quality.gap:.2%} of optimal"
        )
        verdict += f", solved in {quality.solve_seconds:.2f} s"
    return Section(
        title=f"Plan {plan_id}",
        paragraphs=[
            f"As of {plan.as_of}, horizon end {plan.horizon_end}: {len(plan.allocations)} "
            f"allocation lines, {len(plan.shortfalls)} shortfalls; {verdict}. Units arriving "
            f"late: {summary.units_late:,.0f} ({summary.unit_days_late:,.0f} unit-days)."
        ],
        charts=[
            bar_chart("Mean fill by priority tier (%)", tiers, fill, unit="%"),
            bar_chart(
                "Shortfalls by reason (quantity)",
                [r.reason for r in summary.shortfalls],
                [Series("unmet quantity", [r.quantity for r in summary.shortfalls])],
            ),
            bar_chart(
                "Hub utilisation over the horizon (%)",
                [h.hub for h in summary.hubs],
                [Series("utilisation", [h.utilisation * 100 for h in summary.hubs])],
                unit="%",
            ),
        ],
        tables=[
            TableBlock(
                "Hubs: the value of one more tonne per day",
                ["hub", "utilisation %", "value of +1 t/day", "criterion it improves"],
                [
                    [h.hub, round(h.utilisation * 100, 1), round(h.capacity_value, 6), h.criterion]
                    for h in summary.hubs
                ],
            ),
            TableBlock(
                "Shortfalls (first 40)",
                ["requirement", "quantity", "reason", "detail"],
                [
                    [s.requirement, round(s.quantity, 3), s.reason.value, s.detail]
                    for s in plan.shortfalls[:40]
                ],
            ),
        ],
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
    plan: Plan,
    summary: PlanSummary,
    changed_lines: int,
    moved_units: float,
) -> Section:
    tracks = Counter(v.track.value for v in variances)
    late = sorted((v for v in variances if v.days_late > 0), key=lambda v: -v.days_late)[:25]
    section = plan_section(plan_id, plan, summary)
    section.title = f"Deliveries to {today}, and the re-plan"
    section.paragraphs.insert(
        0,
        f"Shipment events up to {today} were recorded against the approved plan; plan {plan_id} "
        f"re-plans from where things stand: {changed_lines} allocation lines changed "
        f"({moved_units:,.0f} units moved).",
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
                    float(v.allocated),
                    float(v.dispatched),
                    float(v.delivered),
                    float(v.written_off),
                    v.track.value,
                    v.days_late,
                ]
                for v in late
            ],
        ),
    )
    return section

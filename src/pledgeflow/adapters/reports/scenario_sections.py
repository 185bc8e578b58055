"""Charts and report sections for what-if results: one scenario's diff, and the donor sweep.

The charts are the shared server-side SVG bars (`charts.bar_chart`): no script, so they pass a
strict Content-Security-Policy, and they print.
"""

from __future__ import annotations

from collections.abc import Sequence

from pledgeflow.adapters.reports.charts import Series, bar_chart
from pledgeflow.adapters.reports.documents import Section, TableBlock
from pledgeflow.domain.asks import Ask
from pledgeflow.domain.exposure import Concentration, DonorExposure
from pledgeflow.domain.scenario_diffs import TIER_WEIGHTS, RequirementChange, TierChange

TOP_DONORS = 10
ROWS = 40


def tier_chart(tiers: Sequence[TierChange]) -> str:
    labels = [f"P{t.priority}" for t in tiers]
    return bar_chart(
        "Fill per priority tier, before and after (%)",
        labels,
        [
            Series("baseline", [t.fill_before * 100 for t in tiers]),
            Series("scenario", [t.fill_after * 100 for t in tiers]),
        ],
        unit="%",
    )


def exposure_chart(ranking: Sequence[DonorExposure], top: int = TOP_DONORS) -> str:
    """Donors by weighted fill lost if each withdrew, one bar per tier (weight applied)."""
    shown = [d for d in ranking if d.weighted_loss > 0][:top]
    if not shown:
        return ""
    return bar_chart(
        f"Weighted fill lost if the donor withdraws, top {len(shown)} (by tier)",
        [d.donor for d in shown],
        [
            Series(f"P{p} × {w}", [max(0.0, w * d.lost_by_tier.get(p, 0.0)) for d in shown])
            for p, w in TIER_WEIGHTS.items()
        ],
        unit="weighted requirement-equivalents",
    )


def change_rows(changes: Sequence[RequirementChange]) -> list[list[object]]:
    return [
        [
            c.requirement,
            c.priority,
            c.item,
            round(c.units_lost, 3),
            round(c.units_later, 3),
            "" if c.from_date is None else c.from_date.isoformat(),
            c.reason_after,
        ]
        for c in changes[:ROWS]
    ]


CHANGE_HEADERS = ["requirement", "priority", "item", "units lost", "units later", "from", "reason"]
ASK_HEADERS = ["item", "needed by week", "priority", "unmet", "requirements", "who could give"]


def ask_rows(asks: Sequence[Ask]) -> list[list[object]]:
    return [
        [
            a.item,
            a.week.isoformat(),
            a.priority,
            round(a.unmet, 3),
            " ".join(a.requirements[:5]) + (" …" if len(a.requirements) > 5 else ""),
            "; ".join(d.text() for d in a.donors[:4]),
        ]
        for a in asks[:ROWS]
    ]


def scenario_section(
    title: str,
    tiers: Sequence[TierChange],
    changes: Sequence[RequirementChange],
    weighted_loss: float,
    asks: Sequence[Ask],
) -> Section:
    return Section(
        title=title,
        paragraphs=[
            "The baseline and the scenario are planned alike (same date, horizon and "
            "reference); the difference is the scenario's. Weighted fill lost "
            f"(16/8/4/2/1 per priority): {weighted_loss:.3f}. "
            f"{len(changes)} requirements lose fill or receive later "
            f"(the first {min(len(changes), ROWS)} shown).",
        ],
        charts=[tier_chart(tiers)],
        tables=[
            TableBlock(
                "Requirements that lose fill or receive later", CHANGE_HEADERS, change_rows(changes)
            ),
            TableBlock(
                "Asks for the next donor conference (scenario)", ASK_HEADERS, ask_rows(asks)
            ),
        ],
    )


CONCENTRATION_HEADERS = ["requirement", "priority", "item", "planned units", "largest donor"]
CONCENTRATION_HEADERS += ["share", "units lost if it withdraws"]


def single_point_rows(found: Sequence[Concentration]) -> list[list[object]]:
    rows: list[list[object]] = [
        [
            c.requirement,
            c.priority,
            c.item,
            round(c.planned_units, 3),
            c.largest_donor,
            f"{c.share:.0%}",
            "" if c.units_lost_if_withdrawn is None else round(c.units_lost_if_withdrawn, 3),
        ]
        for c in found
        if c.single_point
    ]
    return rows[:ROWS]


def sweep_section(ranking: Sequence[DonorExposure], found: Sequence[Concentration]) -> Section:
    rows = [
        [n, d.donor, round(d.weighted_loss, 3)]
        + [round(d.lost_by_tier.get(p, 0.0), 3) for p in TIER_WEIGHTS]
        + [d.requirements_hit]
        for n, d in enumerate(ranking, start=1)
    ]
    singles = single_point_rows(found)
    chart = exposure_chart(ranking)
    return Section(
        title="Donor exposure: withdraw each donor in turn",
        paragraphs=[
            f"{len(ranking)} donors hold undispatched firm pledges; each was withdrawn in its "
            "own plan. Donors are ranked by priority-weighted fill lost; the tiers are shown "
            "apart. A requirement is a single point of failure when one donor supplies at "
            f"least half of its planned units and that donor's withdrawal lowers its fill "
            f"({sum(1 for c in found if c.single_point)} found).",
        ],
        charts=[chart] if chart else [],
        tables=[
            TableBlock(
                "Donors by weighted fill lost",
                ["rank", "donor", "weighted loss", "P1", "P2", "P3", "P4", "P5", "needs hit"],
                rows,
            ),
            TableBlock("Single points of failure", CONCENTRATION_HEADERS, singles),
        ],
    )

"""The demo report's financing section: the ERA loans' pool, baseline against a lapse.

Charts come from the report's own SVG code: outstanding principal by lender over time (EUR),
coverage per period with the 1.0 line, and the scenario against the baseline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from pledgeflow.adapters.reports.charts import Series, line_chart
from pledgeflow.adapters.reports.documents import Section, TableBlock
from pledgeflow.domain.debt_service import ServiceLine
from pledgeflow.domain.finance_figures import ScenarioComparison
from pledgeflow.domain.servicing_pools import PoolPeriod

BN = Decimal(1_000_000_000)


def coverage_values(periods: Sequence[PoolPeriod]) -> list[float]:
    """Coverage capped at 3 so one huge early period does not flatten the chart."""
    return [0.0 if p.coverage is None else min(float(p.coverage), 3.0) for p in periods]


def outstanding_by_lender(lines: Sequence[ServiceLine], ends: Sequence[dt.date]) -> list[Series]:
    lenders = sorted({ln.lender for ln in lines})
    by_key = {(ln.lender, ln.period_end): ln for ln in lines}
    return [
        Series(
            lender,
            [
                float(ln.outstanding_end / ln.per_eur / BN)
                if (ln := by_key.get((lender, e)))
                else 0.0
                for e in ends
            ],
        )
        for lender in lenders
    ]


def finance_section(compared: ScenarioComparison, lapse: dt.date) -> Section:
    ends = [p.period_end for p in compared.baseline]
    labels = [e.isoformat() for e in ends]
    first = compared.first_shortfall
    arrears = [
        [e.lender, e.currency, f"{e.arrears:,.2f}", f"{e.arrears_eur:,.2f}"]
        for e in compared.arrears_at_end
    ]
    return Section(
        title="Financing: the G7 ERA loans",
        paragraphs=[
            "Public reference figures with assumed terms (src/pledgeflow/demo/era_loans/: each "
            "row names its source). The pool services every ERA loan from the windfall on "
            "immobilised assets after a 10 % risk buffer.",
            f"If the immobilisation lapses after {lapse.isoformat()}, the first period with "
            "coverage below 1 is "
            + ("none" if first is None else f"{first.period_end.isoformat()} ({first.coverage})")
            + "; arrears per lender at the end are in the table.",
        ],
        charts=_charts(compared, labels, ends),
        tables=[
            TableBlock(
                "Arrears per lender at the end (lapse)",
                ["lender", "currency", "arrears", "arrears EUR"],
                arrears,
            )
        ],
    )


def _charts(compared: ScenarioComparison, labels: list[str], ends: list[dt.date]) -> list[str]:
    """Outstanding by lender over time, and coverage before and after with the 1.0 line."""
    return [
        line_chart(
            "Outstanding principal by lender, baseline (EUR bn)",
            labels,
            outstanding_by_lender(compared.baseline_service, ends),
        ),
        line_chart(
            "Coverage per period (capped at 3): baseline, lapse, and the 1.0 line",
            labels,
            [
                Series("baseline", coverage_values(compared.baseline)),
                Series("lapse", coverage_values(compared.scenario)),
                Series("1.0", [1.0] * len(labels)),
            ],
            floor_peak=1.0,
        ),
    ]

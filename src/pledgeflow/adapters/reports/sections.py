"""Report sections built from service results: one function per kind of result."""

from __future__ import annotations

from pledgeflow.adapters.reports.charts import Series, bar_chart
from pledgeflow.adapters.reports.documents import Section, TableBlock
from pledgeflow.service.summaries import DatasetSummary


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

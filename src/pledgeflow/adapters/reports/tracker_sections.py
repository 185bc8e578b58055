"""The tracker's charts and its report sections: the same charts for the public pages and
report.html, each from the tracker alone, so both always show the same figures."""

from __future__ import annotations

import base64
from decimal import Decimal
from html import escape

from pledgeflow.adapters.reports.documents import Section, TableBlock
from pledgeflow.adapters.reports.plots import Chart, Series, amount_text, bar, line
from pledgeflow.domain.burden_sharing import Category, FairShare, Stage, Target
from pledgeflow.service.tracker import Tracker
from pledgeflow.service.tracker_tables import donors_table, fair_shares_table

TOP = 15
CATEGORY_NAMES = {
    Category.IN_KIND: "in-kind military",
    Category.FINANCIAL: "financial",
    Category.TRAINING: "training",
}


def tracker_charts(tracker: Tracker) -> list[Chart]:
    """Every chart of the tracker, fair shares last (one per target period)."""
    return [
        *_donor_charts(tracker),
        _share_chart(tracker),
        _monthly_chart(tracker),
        *(fair_share_chart(target, shares) for target, shares in tracker.fair),
    ]


def _donor_charts(tracker: Tracker) -> list[Chart]:
    donors = tracker.burden.donors[:TOP]
    names = [d.donor.name for d in donors]
    return [
        bar(
            "donor-categories",
            f"Delivered value by donor and category, top {TOP} by commitment (EUR)",
            names,
            [
                Series(CATEGORY_NAMES[c], [float(d.amount(c, Stage.DELIVERED)) for d in donors])
                for c in Category
            ],
            unit="EUR",
            stacked=True,
        ),
        bar(
            "donor-stages",
            f"Committed, allocated and delivered by donor, top {TOP} (EUR)",
            names,
            [Series(s.value, [float(d.amount(None, s)) for d in donors]) for s in Stage],
            unit="EUR",
        ),
    ]


def _share_chart(tracker: Tracker) -> Chart:
    shares = [d for d in tracker.burden.donors if d.share_of_gdp(Stage.COMMITTED) is not None]
    shares.sort(key=lambda d: -(d.share_of_gdp(Stage.COMMITTED) or Decimal(0)))
    shares = shares[:TOP]
    return bar(
        "share-of-gdp",
        f"Committed and delivered as a share of GDP, top {TOP} (%)",
        [d.donor.name for d in shares],
        [
            Series(s.value, [float((d.share_of_gdp(s) or 0) * 100) for d in shares])
            for s in (Stage.COMMITTED, Stage.DELIVERED)
        ],
        unit="%",
    )


def _monthly_chart(tracker: Tracker) -> Chart:
    months = tracker.burden.months
    return line(
        "monthly",
        "Cumulative value by month (EUR)",
        [m.month for m in months],
        [Series(s.value, [float(m.cumulative[s]) for m in months]) for s in Stage],
        unit="EUR",
    )


def fair_share_chart(target: Target, shares: list[FairShare]) -> Chart:
    """Contributed against fair share for the donors with the largest fair shares."""
    chosen = sorted(shares, key=lambda f: -f.fair_share_eur)[:TOP]
    return bar(
        f"fair-share-{target.period}",
        f"{target.period}: {target.stage.value} value against fair share, top {TOP} (EUR)",
        [f.donor.name for f in chosen],
        [
            Series("fair share", [float(f.fair_share_eur) for f in chosen]),
            Series(f"{target.stage.value}", [float(f.contributed_eur) for f in chosen]),
        ],
        unit="EUR",
    )


def with_data(chart: Chart) -> str:
    """The chart, then a link that downloads its data: inside a report file the CSV travels
    with it as a data: address, so the file stays self-contained."""
    encoded = base64.b64encode(chart.csv()).decode()
    return (
        f'{chart.svg}<p class="chart-data"><a download="{escape(chart.slug)}.csv" '
        f'href="data:text/csv;base64,{encoded}">Data of this chart (CSV)</a></p>'
    )


def provenance_text(tracker: Tracker) -> str:
    p = tracker.provenance
    newest = tracker.burden.newest_record
    signed = "signed checkpoint below" if p.checkpoint else "no signing key: unsigned"
    return (
        f"Computed on {tracker.today} from the audit log at size {p.log_size:,} "
        f"(root {p.log_root}; {signed}); {tracker.burden.records:,} contributions, the newest "
        f"dated {newest or 'never'}. Public records only."
        + ("" if _has_financial(tracker) else " No financial contribution is recorded yet.")
    )


def _has_financial(tracker: Tracker) -> bool:
    return any(c.category is Category.FINANCIAL for c in tracker.contributions)


def tracker_section(tracker: Tracker) -> Section:
    header, rows = donors_table(tracker)
    picked = [header.index(n) for n in ("name", "total_committed_eur", "total_allocated_eur")]
    picked += [header.index("total_delivered_eur"), header.index("delivered_share_of_gdp_percent")]
    charts = [c for c in tracker_charts(tracker) if not c.slug.startswith("fair-share-")]
    paragraphs = [
        "Per donor, the value committed, allocated and delivered to the recipient, by category: "
        "in-kind military (pledges' value, or quantity × the item's unit value), financial "
        "(loan tranches and fund contributions) and training (seats × a course's stated value).",
        provenance_text(tracker),
    ]
    if tracker.unvalued_pledges:
        paragraphs.append(f"{tracker.unvalued_pledges} firm pledges have no value and count 0.")
    if tracker.provenance.checkpoint:
        paragraphs.append("Signed checkpoint: " + tracker.provenance.checkpoint.replace("\n", " "))
    return Section(
        title="Burden sharing: the public tracker",
        paragraphs=paragraphs,
        charts=[with_data(c) for c in charts],
        tables=[
            TableBlock(
                "Value by donor (EUR; share of GDP in %)",
                ["donor", "committed", "allocated", "delivered", "delivered % of GDP"],
                [[_cell(row[i]) for i in picked] for row in rows],
            )
        ],
    )


def fair_share_section(tracker: Tracker) -> Section:
    if not tracker.fair:
        return Section(
            title="Fair shares",
            paragraphs=["No fair-share target is set (`pledgeflow tracker target`)."],
        )
    header, rows = fair_shares_table(tracker)
    keep = ["period", "name", "fair_share_eur", "contributed_eur", "balance_eur", "standing"]
    picked = [header.index(n) for n in keep]
    return Section(
        title="Fair shares",
        paragraphs=[
            "Each donor's fair share is the period's target × its share of the group's GDP "
            "(the group: every donor with a stated GDP); contributed is the value at the "
            "target's stage dated within the period.",
            provenance_text(tracker),
        ],
        charts=[with_data(fair_share_chart(t, s)) for t, s in tracker.fair],
        tables=[
            TableBlock(
                "Contributed against fair share (EUR)",
                keep,
                [[_cell(r[i]) for i in picked] for r in rows],
            )
        ],
    )


def _cell(value: object) -> object:
    if isinstance(value, Decimal):
        return amount_text(float(value)) if abs(value) >= 10_000 else str(value)
    return "" if value is None else value

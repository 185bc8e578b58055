"""The tracker as tables: what the pages show, the CSV and xlsx downloads hold, and the JSON
API returns, from one function per table so the three can never disagree.

Every row names the log size and root its figures were computed from; the signed checkpoint
of that size is in the `provenance` table (and at /public/tracker/checkpoint).
"""

from __future__ import annotations

from decimal import Decimal

from pledgeflow.adapters.exporters.sheets import Sheet
from pledgeflow.domain.burden_sharing import Category, Stage, cents
from pledgeflow.service.tracker import Tracker

TABLE_NAMES = ("donors", "monthly", "fair_shares", "provenance")


def _percent(share: Decimal | None) -> Decimal | None:
    return None if share is None else (share * 100).quantize(Decimal("0.0001"))


def donors_table(tracker: Tracker) -> Sheet:
    header = ["donor", "name", "gdp_eur"]
    header += [f"{c.value}_{s.value}_eur" for c in Category for s in Stage]
    header += [f"total_{s.value}_eur" for s in Stage]
    header += [f"{s.value}_share_of_gdp_percent" for s in Stage]
    header += ["log_size", "log_root"]
    rows: list[list[object]] = []
    for d in tracker.burden.donors:
        row: list[object] = [d.donor.code, d.donor.name, d.donor.gdp_eur]
        row += [cents(d.amount(c, s)) for c in Category for s in Stage]
        row += [cents(d.amount(None, s)) for s in Stage]
        row += [_percent(d.share_of_gdp(s)) for s in Stage]
        rows.append([*row, *_source(tracker)])
    return header, rows


def monthly_table(tracker: Tracker) -> Sheet:
    header = ["month"]
    header += [f"{s.value}_eur" for s in Stage]
    header += [f"cumulative_{s.value}_eur" for s in Stage]
    header += ["log_size", "log_root"]
    rows: list[list[object]] = [
        [m.month]
        + [cents(m.amounts[s]) for s in Stage]
        + [cents(m.cumulative[s]) for s in Stage]
        + _source(tracker)
        for m in tracker.burden.months
    ]
    return header, rows


def fair_shares_table(tracker: Tracker) -> Sheet:
    header = [
        "period",
        "start",
        "end",
        "counted_stage",
        "donor",
        "name",
        "share_of_group_gdp_percent",
        "fair_share_eur",
        "contributed_eur",
        "balance_eur",
        "standing",
        "log_size",
        "log_root",
    ]
    rows: list[list[object]] = []
    for target, shares in tracker.fair:
        for f in shares:
            rows.append(
                [
                    target.period,
                    target.start,
                    target.end,
                    target.stage.value,
                    f.donor.code,
                    f.donor.name,
                    _percent(f.gdp_share_of_group),
                    f.fair_share_eur,
                    f.contributed_eur,
                    f.balance_eur,
                    f.standing,
                    *_source(tracker),
                ]
            )
    return header, rows


def provenance_table(tracker: Tracker) -> Sheet:
    p = tracker.provenance
    newest = tracker.burden.newest_record
    return (
        ["computed_for", "newest_record", "records", "log_size", "log_root", "checkpoint"],
        [[tracker.today, newest, tracker.burden.records, p.log_size, p.log_root, p.checkpoint]],
    )


def _source(tracker: Tracker) -> list[object]:
    return [tracker.provenance.log_size, tracker.provenance.log_root]


def tracker_tables(tracker: Tracker) -> dict[str, Sheet]:
    return {
        "donors": donors_table(tracker),
        "monthly": monthly_table(tracker),
        "fair_shares": fair_shares_table(tracker),
        "provenance": provenance_table(tracker),
    }

"""The IATI export use case: releasable contributions as one activity per donor programme.

It reads through the public role whatever the caller, since an IATI file is published; the
recipient is the party with the recipient role, its country that of the delivery sites.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from pledgeflow.adapters.exporters import iati
from pledgeflow.adapters.tracker_records import TrackerRecords
from pledgeflow.domain.burden_sharing import Category, Contribution
from pledgeflow.domain.financial_contributions import FUND_SOURCE, LOAN_SOURCE, kind_of
from pledgeflow.domain.parties import Role as PartyRole
from pledgeflow.domain.sites import SiteKind
from pledgeflow.service.access import ANONYMOUS
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.tracker import gather
from pledgeflow.service.unit_of_work import UnitOfWork

_FINANCIAL_SECTORS = {
    LOAN_SOURCE: ("FINANCIAL-LOAN", "financial: loan to the recipient"),
    FUND_SOURCE: ("FINANCIAL-FUND", "financial: contribution to a pooled fund"),
}


def programmes(
    records: TrackerRecords, contributions: list[Contribution], donor: str | None
) -> list[iati.Programme]:
    recipient = next((p for p in records.parties if p.has_role(PartyRole.RECIPIENT)), None)
    if recipient is None:
        raise ServiceError("no party has the recipient role: an IATI activity needs one")
    country = _recipient_country(records, recipient.code)
    names = {p.code: p.name for p in records.parties}
    if donor is not None and donor not in names:
        raise ServiceError(f"donor {donor!r} does not exist")
    sectors = _sectors(records, contributions)
    by_donor: dict[str, list[Contribution]] = defaultdict(list)
    for c in contributions:
        if donor is None or c.donor == donor:
            by_donor[c.donor].append(c)
    return [
        iati.Programme(
            iati.Organisation(code, names.get(code, code)),
            iati.Organisation(recipient.code, recipient.name),
            country,
            given,
            sectors,
        )
        for code, given in sorted(by_donor.items())
    ]


def _recipient_country(records: TrackerRecords, fallback: str) -> str:
    delivery = sorted({s.country for s in records.sites.values() if s.kind is SiteKind.DELIVERY})
    code = delivery[0] if delivery else fallback
    return iati.country_alpha2(code, f"delivery sites ({', '.join(delivery) or 'none'})")


def _sectors(
    records: TrackerRecords, contributions: list[Contribution]
) -> dict[str, tuple[str, str]]:
    sectors = {}
    for p in records.pledges:
        supply_class = records.items[p.item].supply_class.value
        sectors[f"pledge {p.id}"] = (supply_class, f"NATO supply class {supply_class}")
    for o in records.offers:
        sectors[f"course offer {o.offer}"] = ("TRAINING", f"training: course {o.course}")
    for c in contributions:
        if c.category is Category.FINANCIAL:
            sectors[c.source] = _FINANCIAL_SECTORS[kind_of(c.source)]
    return sectors


def export_iati(
    uow: UnitOfWork, path: Path, donor: str | None, now: dt.datetime
) -> tuple[Path, list[iati.Programme]]:
    found = gather(uow, ANONYMOUS, now.date())
    try:
        chosen = programmes(found.records, found.contributions, donor)
    except ValueError as error:
        raise ServiceError(str(error)) from error
    return iati.write(chosen, path, now), chosen

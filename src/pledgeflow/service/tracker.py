"""The public tracker: burden sharing and fair shares over what a caller may see, with the
signed checkpoint of the log the figures were computed from.

The records and the log head are read in one transaction, so the figures are exactly those of
the log at the checkpoint's size: anyone holding checkpoints can replay the log to that size
and recompute them. Results are cached per caller scope, day and newest business entry of
the log (sign-ins add entries but change no record, so they keep the cache).
"""

from __future__ import annotations

import base64
import datetime as dt
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass

from sqlalchemy import select

from pledgeflow.adapters import tables as t
from pledgeflow.adapters.tracker_records import Conditions, TrackerRecords, read_tracker_records
from pledgeflow.adapters.training_tables import course_offers
from pledgeflow.audit.checkpoints import Checkpoint, load_signer_key, sign_checkpoint
from pledgeflow.config import Settings
from pledgeflow.domain.burden_sharing import (
    BurdenSharing,
    Contribution,
    Donor,
    FairShare,
    Target,
    fair_shares,
    tally,
)
from pledgeflow.domain.contributions import (
    FIRM,
    pledge_contributions,
    training_contributions,
    unvalued_pledges,
)
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.finance_periods import RateBook
from pledgeflow.domain.financial_contributions import financing_contributions, lender_totals
from pledgeflow.domain.financing import FinanceRecords
from pledgeflow.domain.parties import Role as PartyRole
from pledgeflow.service.access import (
    Principal,
    Resource,
    finance_in_scope,
    offer_filter,
    row_filter,
)
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.unit_of_work import UnitOfWork

SESSION_COMMANDS = ("login", "logout", "issue_token", "add_user", "disable_user")
_CACHE_SIZE = 16


@dataclass(frozen=True, slots=True)
class Provenance:
    """The log the figures come from: its size and root, and the signed checkpoint of both
    (None when this installation has no signing key yet)."""

    log_size: int
    log_root: str
    checkpoint: str | None


@dataclass(frozen=True, slots=True)
class Tracker:
    today: dt.date
    burden: BurdenSharing
    fair: list[tuple[Target, list[FairShare]]]
    contributions: list[Contribution]
    unvalued_pledges: int
    provenance: Provenance


def financial_contributions(uow: UnitOfWork, principal: Principal) -> list[Contribution]:
    """The financial category: loan tranches (committed: the lender's facility ceiling;
    allocated: planned and disbursed tranches; delivered: disbursed tranches, each at its date,
    in EUR at that day's rate) and fund contributions (all three stages at their date).

    Records the caller may see one by one (`access.finance_in_scope`) count one by one; the
    rest count as totals per lender and period, the aggregates the public sees."""
    records = uow.finance.load_finance()
    own = finance_in_scope(principal, records)
    codes = {f.code for f in own.facilities}
    given = Counter(own.fund_contributions)
    rest = []
    for c in records.fund_contributions:
        if given[c] > 0:
            given[c] -= 1
        else:
            rest.append(c)
    others = FinanceRecords(
        facilities=tuple(f for f in records.facilities if f.code not in codes),
        tranches=tuple(t for t in records.tranches if t.facility not in codes),
        fund_contributions=tuple(rest),
    )
    rates = RateBook.of(records.fx_rates)
    try:
        return [
            *financing_contributions(own, rates),
            *lender_totals(financing_contributions(others, rates)),
        ]
    except DomainError as error:
        raise ServiceError(f"financial contributions: {error}") from error


def conditions(principal: Principal) -> Conditions:
    """The caller's rows; of pledges, only firm ones, the only ones that count (announced
    and withdrawn pledges add nothing, so reading them only cost time)."""
    firm = t.pledges.c.status.in_(sorted(s.value for s in FIRM))
    return Conditions(
        pledges=row_filter(principal, Resource.PLEDGES, t.pledges) & firm,
        requirements=row_filter(principal, Resource.REQUIREMENTS, t.requirements),
        offers=offer_filter(principal, course_offers),
    )


@dataclass(frozen=True, slots=True)
class Gathered:
    records: TrackerRecords
    contributions: list[Contribution]
    targets: list[Target]


def gather(uow: UnitOfWork, principal: Principal, today: dt.date) -> Gathered:
    """Every contribution the caller may see, from one transaction."""
    with uow:
        records = read_tracker_records(uow.connection, conditions(principal))
        values = uow.transparency.course_values()
        targets = uow.transparency.targets()
        financial = financial_contributions(uow, principal)
    contributions = [
        *pledge_contributions(records.pledges, records.items, records.deliveries),
        *training_contributions(records.offers, values, today),
        *financial,
    ]
    return Gathered(records, contributions, targets)


def build_tracker(
    uow: UnitOfWork, settings: Settings, principal: Principal, today: dt.date
) -> Tracker:
    found = gather(uow, principal, today)
    records, contributions = found.records, found.contributions
    donors = _donors(records, contributions)
    group = [d for d in donors if _is_donor(records, d.code)]
    return Tracker(
        today=today,
        burden=tally(donors, contributions),
        fair=[(target, fair_shares(target, group, contributions)) for target in found.targets],
        contributions=contributions,
        unvalued_pledges=unvalued_pledges(records.pledges, records.items),
        provenance=_provenance(records, settings),
    )


def _is_donor(records: TrackerRecords, code: str) -> bool:
    return any(p.code == code and p.has_role(PartyRole.DONOR) for p in records.parties)


def _donors(records: TrackerRecords, contributions: list[Contribution]) -> list[Donor]:
    """Donor nations, and any other party (a trainer, a lender) that contributed."""
    giving = {c.donor for c in contributions}
    return [
        Donor(p.code, p.name, p.gdp_eur)
        for p in records.parties
        if p.has_role(PartyRole.DONOR) or p.code in giving
    ]


def _provenance(records: TrackerRecords, settings: Settings) -> Provenance:
    root = base64.b64encode(records.log_root).decode()
    if not settings.signing_key_path.exists():
        return Provenance(records.log_size, root, None)
    signer = load_signer_key(settings.log_origin, settings.signing_key_path)
    note = sign_checkpoint(
        Checkpoint(settings.log_origin, records.log_size, records.log_root), signer
    )
    return Provenance(records.log_size, root, note)


def last_business_change(uow: UnitOfWork) -> int:
    query = (
        select(t.audit_log.c.seq)
        .where(t.audit_log.c.command.not_in(SESSION_COMMANDS))
        .order_by(t.audit_log.c.seq.desc())
        .limit(1)
    )
    with uow:
        return int(uow.connection.execute(query).scalar() or -1)


class TrackerCache:
    """Trackers per (role, scope, day, newest business entry of the log)."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[str, str, dt.date, int], Tracker] = OrderedDict()
        self._lock = threading.Lock()

    def tracker(
        self, uow: UnitOfWork, settings: Settings, principal: Principal, today: dt.date
    ) -> Tracker:
        key = (principal.role.value, principal.party or "", today, last_business_change(uow))
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        built = build_tracker(uow, settings, principal, today)
        with self._lock:
            self._entries[key] = built
            while len(self._entries) > _CACHE_SIZE:
                self._entries.popitem(last=False)
        return built

"""Financing use cases: the figures of DESIGN §6 for whoever asks, and writing the records.

Figures are always computed over every record (a pool's waterfall couples all its facilities)
and only then narrowed to what the caller may see: the one scope rule of `access`. Writes take
the financing sheets' rows as text, exactly as an import does, so the same checks (fields,
keys, references, ceilings, use rules) guard the API and the files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pledgeflow.adapters.importers.raw_tables import RawTable, raw_table
from pledgeflow.domain.debt_service import ServiceLine
from pledgeflow.domain.finance_figures import (
    FinanceFigures,
    LenderExposure,
    ScenarioComparison,
    compare_scenario,
    compute_figures,
    lender_exposure,
)
from pledgeflow.domain.financing import FinanceRecords
from pledgeflow.domain.money_scenarios import MoneyScenario
from pledgeflow.domain.servicing_pools import PoolPeriod
from pledgeflow.service.access import (
    Action,
    Principal,
    Resource,
    allowed,
    finance_in_scope,
)
from pledgeflow.service.errors import NotFound, Rejected, ServiceError
from pledgeflow.service.finance_imports import check_finance
from pledgeflow.service.unit_of_work import UnitOfWork


class FinanceForbidden(ServiceError):
    """The caller's role may not do this with financing records."""


def load_records(uow: UnitOfWork) -> FinanceRecords:
    with uow:
        return uow.finance.load_finance()


def _require(principal: Principal, action: Action) -> None:
    if not allowed(principal, action, Resource.FINANCE):
        raise FinanceForbidden(f"role {principal.role.value} may not {action.value} finance")


def visible_records(uow: UnitOfWork, principal: Principal) -> FinanceRecords:
    _require(principal, Action.READ)
    return finance_in_scope(principal, load_records(uow))


def _figures(uow: UnitOfWork) -> tuple[FinanceRecords, FinanceFigures]:
    records = load_records(uow)
    try:
        return records, compute_figures(records)
    except ValueError as error:
        raise ServiceError(str(error)) from error


def schedule(
    uow: UnitOfWork, principal: Principal, facility: str | None = None
) -> list[ServiceLine]:
    """Debt service per facility and period, for the facilities the caller may see."""
    _require(principal, Action.READ)
    records, figures = _figures(uow)
    seen = {f.code for f in finance_in_scope(principal, records).facilities}
    if facility is not None and facility not in seen:
        raise NotFound(f"facility {facility!r} not found")
    return [ln for ln in figures.service if ln.facility in seen and facility in (None, ln.facility)]


def exposure(
    uow: UnitOfWork, principal: Principal, as_of: dt.date | None = None
) -> list[LenderExposure]:
    """Per lender and currency: outstanding principal and arrears, for lenders in scope."""
    _require(principal, Action.READ)
    records, figures = _figures(uow)
    seen = {f.lender for f in finance_in_scope(principal, records).facilities}
    return [e for e in lender_exposure(figures, as_of) if e.lender in seen]


def pool_scenario(
    uow: UnitOfWork, pool: str, scenarios: Sequence[MoneyScenario] = ()
) -> ScenarioComparison:
    """The pool's periods before and after the scenarios (aggregates everyone may see)."""
    records = load_records(uow)
    if pool not in {p.code for p in records.pools}:
        raise NotFound(f"pool {pool!r} not found")
    try:
        return compare_scenario(records, pool, tuple(scenarios))
    except ValueError as error:
        raise ServiceError(str(error)) from error


def pools_overview(uow: UnitOfWork) -> dict[str, tuple[PoolPeriod, ...]]:
    """Every pool's baseline periods: the public aggregate of the waterfall."""
    _, figures = _figures(uow)
    return {code: run.periods for code, run in figures.runs.items()}


def save_rows(
    uow: UnitOfWork,
    principal: Principal,
    sheets: Mapping[str, Sequence[Mapping[str, str]]],
    *,
    update: bool,
) -> dict[str, tuple[int, int]]:
    """Write financing rows given as text by column, all or nothing, with the import's checks."""
    _require(principal, Action.UPDATE if update else Action.CREATE)
    tables: dict[str, RawTable] = {}
    for name, rows in sheets.items():
        header = sorted({column for row in rows for column in row})
        lines = [header, *([row.get(c, "") for c in header] for row in rows)]
        tables[name] = raw_table(name, f"request {name}", lines)
    with uow:
        known = uow.datasets.load()
        found, problems = check_finance(uow, tables, known, known, {}, update=update)
        unknown = sorted(set(sheets) - set(found.rows))
        if unknown:
            raise Rejected("unknown financing table", [f"table {n!r}" for n in unknown])
        if problems:
            raise Rejected(f"{len(problems)} problem(s); nothing was saved", problems)
        saved = uow.finance.save_finance(found.records())
        uow.commit("finance_save")
    return saved

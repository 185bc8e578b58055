"""Financing: debt service and exposure in the caller's scope, records written by finance
officers and coordinators, and the pools' periods as public aggregates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from pledgeflow.api.deps import Who, guard
from pledgeflow.api.problems import ProblemError
from pledgeflow.api.routes.paths import Box, KeyQuery
from pledgeflow.api.schemas.finance import (
    DebtServiceAnswer,
    DebtServicePublic,
    ExposureAnswer,
    ExposurePublic,
    FinanceRowsIn,
    PoolPeriodPublic,
    SavedCounts,
)
from pledgeflow.service import finance
from pledgeflow.service.access import Action, Resource

router = APIRouter(tags=["financing"])
DateQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")]
F = Resource.FINANCE


@router.get("/finance/debt-service", response_model=DebtServiceAnswer, **guard(Action.READ, F, 404))
def debt_service(box: Box, who: Who, facility: KeyQuery = None) -> DebtServiceAnswer:
    lines = finance.schedule(box.uow(), who, facility)
    return DebtServiceAnswer(lines=[DebtServicePublic.of(ln) for ln in lines])


@router.get("/finance/exposure", response_model=ExposureAnswer, **guard(Action.READ, F))
def exposure(box: Box, who: Who, as_of: DateQuery = None) -> ExposureAnswer:
    """As at the end of the last period ending on or before `as_of` (YYYY-MM-DD)."""
    try:
        day = None if as_of is None else dt.date.fromisoformat(as_of)
    except ValueError as error:
        raise ProblemError(422, f"as_of: {error}") from error
    rows = finance.exposure(box.uow(), who, day)
    return ExposureAnswer(lenders=[ExposurePublic.of(e) for e in rows])


def _save(box: Box, who: Who, body: FinanceRowsIn, update: bool) -> SavedCounts:
    saved = finance.save_rows(
        box.uow(), who, {str(name): rows for name, rows in body.sheets.items()}, update=update
    )
    return SavedCounts(
        added={name: added for name, (added, _) in saved.items()},
        updated={name: updated for name, (_, updated) in saved.items()},
    )


@router.post("/finance/records", response_model=SavedCounts, **guard(Action.CREATE, F))
def create_records(box: Box, who: Who, body: FinanceRowsIn) -> SavedCounts:
    """New financing rows, all or nothing, checked as an import checks them."""
    return _save(box, who, body, update=False)


@router.put("/finance/records", response_model=SavedCounts, **guard(Action.UPDATE, F))
def update_records(box: Box, who: Who, body: FinanceRowsIn) -> SavedCounts:
    """Rows whose keys exist replace the stored ones; new keys are added."""
    return _save(box, who, body, update=True)


@router.get(
    "/public/finance/pools",
    response_model=dict[str, list[PoolPeriodPublic]],
    **guard(Action.READ, Resource.PUBLIC),
)
def public_pools(box: Box) -> dict[str, list[PoolPeriodPublic]]:
    """Every pool's periods: totals over all its facilities, no single loan's figures."""
    return {
        code: [PoolPeriodPublic.of(p) for p in periods]
        for code, periods in finance.pools_overview(box.uow()).items()
    }

"""Summaries: for a signed-in caller over what it may see, for the public over public records."""

from __future__ import annotations

from fastapi import APIRouter

from pledgeflow.api.deps import Who, guard
from pledgeflow.api.routes.paths import Box
from pledgeflow.api.schemas.reports import SummaryPublic
from pledgeflow.domain.summaries import summarise
from pledgeflow.service.access import ANONYMOUS, Action, Resource
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.service.records import visible_dataset

router = APIRouter(tags=["reports"])


@router.get(
    "/reports/summary", response_model=SummaryPublic, **guard(Action.READ, Resource.REPORTS)
)
def summary(box: Box, who: Who) -> SummaryPublic:
    dataset = visible_dataset(RequestUnitOfWork(box.engine, who), who)
    return SummaryPublic.of(summarise(dataset))


@router.get("/public/summary", response_model=SummaryPublic, **guard(Action.READ, Resource.PUBLIC))
def public_summary(box: Box) -> SummaryPublic:
    """Totals over public requirements and pledges only: a restricted record adds nothing,
    so no difference of two totals can reveal one, whoever asks."""
    dataset = visible_dataset(RequestUnitOfWork(box.engine, ANONYMOUS), ANONYMOUS)
    return SummaryPublic.of(summarise(dataset))

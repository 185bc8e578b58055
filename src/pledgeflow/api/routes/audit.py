"""Signed checkpoints of the audit log, for partners to keep."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from pledgeflow.api.deps import Who, guard
from pledgeflow.api.routes.paths import Box
from pledgeflow.service.access import Action, Resource
from pledgeflow.service.audit import make_checkpoint
from pledgeflow.service.idempotency import RequestUnitOfWork

router = APIRouter(tags=["audit"])


@router.get(
    "/audit/checkpoint",
    response_class=PlainTextResponse,
    **guard(Action.READ, Resource.CHECKPOINTS, 409, media_type="text/plain"),
)
def checkpoint(box: Box, who: Who) -> PlainTextResponse:
    """The log's size and Merkle root, signed (C2SP tlog-checkpoint); it reveals no record."""
    note = make_checkpoint(RequestUnitOfWork(box.engine, who), box.settings)
    return PlainTextResponse(note)

"""Shipments: read them, and record the events that move them (a dispatch opens one)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from pledgeflow.api.deps import IdempotencyKey, Paging, Who, guard
from pledgeflow.api.replies import respond
from pledgeflow.api.routes.paths import Box, KeyPath
from pledgeflow.api.schemas.fields import Page
from pledgeflow.api.schemas.shipments import ShipmentEventCreate, ShipmentPublic
from pledgeflow.service import records
from pledgeflow.service.access import Action, Resource
from pledgeflow.service.idempotency import Reply, RequestUnitOfWork, run_post

router = APIRouter(tags=["shipments"])
SHP = Resource.SHIPMENTS


@router.get("/shipments", response_model=Page[ShipmentPublic], **guard(Action.READ, SHP))
def list_shipments(box: Box, who: Who, page: Paging) -> object:
    found = records.visible_shipments(RequestUnitOfWork(box.engine, who), who)
    limit, offset = page
    items = [ShipmentPublic.of(s).model_dump(mode="json") for s in found[offset : offset + limit]]
    return {"items": items, "total": len(found), "limit": limit, "offset": offset}


@router.get("/shipments/{id}", response_model=ShipmentPublic, **guard(Action.READ, SHP, 404))
def read_shipment(box: Box, who: Who, id: KeyPath) -> object:
    shipment = records.get_shipment(RequestUnitOfWork(box.engine, who), who, id)
    return ShipmentPublic.of(shipment).model_dump(mode="json")


@router.post(
    "/shipments/{id}/events",
    status_code=201,
    response_model=ShipmentPublic,
    **guard(Action.CREATE, SHP, 404, 409),
)
def record_event(
    box: Box, who: Who, id: KeyPath, body: ShipmentEventCreate, key: IdempotencyKey
) -> JSONResponse:
    """Records one event; a dispatch names its allocation and opens the shipment. The same
    event id with the same content is accepted again and changes nothing."""
    event = body.to_domain(id)

    def effect(uow: RequestUnitOfWork) -> None:
        records.record_shipment_event(uow, who, event)

    def render(uow: RequestUnitOfWork) -> Reply:
        shipment = records.fetch_shipment(uow, who, id)
        return Reply(201, ShipmentPublic.of(shipment).model_dump(mode="json"))

    return respond(run_post(box.engine, who, key, effect, render))

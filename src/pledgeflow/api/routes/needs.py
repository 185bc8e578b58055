"""Requirements and pledges; restricted ones are visible only inside the caller's scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from pledgeflow.api.deps import IdempotencyKey, IfMatch, Paging, Who, WholeNumber, guard
from pledgeflow.api.replies import create_one, list_page, read_one, update_one
from pledgeflow.api.routes.paths import Box, KeyPath, KeyQuery
from pledgeflow.api.schemas.fields import Page
from pledgeflow.api.schemas.needs import (
    PledgeCreate,
    PledgePublic,
    PledgeUpdate,
    RequirementCreate,
    RequirementPublic,
    RequirementUpdate,
)
from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.service.access import Action, Resource

router = APIRouter(tags=["requirements and pledges"])
_R, _C, _U = Action.READ, Action.CREATE, Action.UPDATE
REQ, PLG = Resource.REQUIREMENTS, Resource.PLEDGES
Priority = Annotated[WholeNumber | None, Query(ge=1, le=5)]


@router.get("/requirements", response_model=Page[RequirementPublic], **guard(_R, REQ))
def list_requirements(
    box: Box,
    who: Who,
    page: Paging,
    item: KeyQuery = None,
    destination: KeyQuery = None,
    priority: Priority = None,
    releasability: Releasability | None = None,
) -> object:
    filters = {"item": item, "destination": destination, "priority": priority}
    filters["releasability"] = releasability
    return list_page(box, who, REQ, (filters, page), RequirementPublic.of)


@router.get("/requirements/{id}", response_model=RequirementPublic, **guard(_R, REQ, 404))
def read_requirement(box: Box, who: Who, id: KeyPath) -> JSONResponse:
    return read_one(box, who, REQ, (id,), RequirementPublic.of)


@router.post(
    "/requirements", status_code=201, response_model=RequirementPublic, **guard(_C, REQ, 409)
)
def create_requirement(
    box: Box, who: Who, body: RequirementCreate, key: IdempotencyKey
) -> JSONResponse:
    return create_one(box, who, REQ, (body.to_domain(), key), RequirementPublic.of)


@router.patch(
    "/requirements/{id}",
    response_model=RequirementPublic,
    **guard(_U, REQ, 404, 409, 412, 428),
)
def update_requirement(
    box: Box, who: Who, id: KeyPath, body: RequirementUpdate, version: IfMatch
) -> JSONResponse:
    return update_one(box, who, REQ, ((id,), version), body, RequirementPublic.of)


@router.get("/pledges", response_model=Page[PledgePublic], **guard(_R, PLG))
def list_pledges(
    box: Box,
    who: Who,
    page: Paging,
    donor: KeyQuery = None,
    item: KeyQuery = None,
    origin: KeyQuery = None,
    status: PledgeStatus | None = None,
    releasability: Releasability | None = None,
) -> object:
    filters = {"donor": donor, "item": item, "origin": origin, "status": status}
    filters["releasability"] = releasability
    return list_page(box, who, PLG, (filters, page), PledgePublic.of)


@router.get("/pledges/{id}", response_model=PledgePublic, **guard(_R, PLG, 404))
def read_pledge(box: Box, who: Who, id: KeyPath) -> JSONResponse:
    return read_one(box, who, PLG, (id,), PledgePublic.of)


@router.post("/pledges", status_code=201, response_model=PledgePublic, **guard(_C, PLG, 409))
def create_pledge(box: Box, who: Who, body: PledgeCreate, key: IdempotencyKey) -> JSONResponse:
    return create_one(box, who, PLG, (body.to_domain(), key), PledgePublic.of)


@router.patch("/pledges/{id}", response_model=PledgePublic, **guard(_U, PLG, 404, 409, 412, 428))
def update_pledge(
    box: Box, who: Who, id: KeyPath, body: PledgeUpdate, version: IfMatch
) -> JSONResponse:
    return update_one(box, who, PLG, ((id,), version), body, PledgePublic.of)

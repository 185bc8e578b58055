"""Parties, items, sites and lanes: reference data everyone signed in may read."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from pledgeflow.api.deps import IdempotencyKey, IfMatch, Paging, Who, guard
from pledgeflow.api.replies import create_one, list_page, read_one, update_one
from pledgeflow.api.routes.paths import Box, KeyPath, KeyQuery
from pledgeflow.api.schemas.fields import Page
from pledgeflow.api.schemas.reference import (
    ItemCreate,
    ItemPublic,
    LaneCreate,
    LanePublic,
    PartyCreate,
    PartyPublic,
    SiteCreate,
    SitePublic,
    SiteUpdate,
)
from pledgeflow.domain.items import SupplyClass
from pledgeflow.domain.sites import SiteKind
from pledgeflow.service.access import Action, Resource

router = APIRouter(tags=["reference data"])
_R, _C, _U = Action.READ, Action.CREATE, Action.UPDATE
P, I, S, L = Resource.PARTIES, Resource.ITEMS, Resource.SITES, Resource.LANES  # noqa: E741


@router.get("/parties", response_model=Page[PartyPublic], **guard(_R, P))
def list_parties(box: Box, who: Who, page: Paging) -> object:
    return list_page(box, who, P, ({}, page), PartyPublic.of)


@router.get("/parties/{code}", response_model=PartyPublic, **guard(_R, P, 404))
def read_party(box: Box, who: Who, code: KeyPath) -> JSONResponse:
    return read_one(box, who, P, (code,), PartyPublic.of)


@router.post("/parties", status_code=201, response_model=PartyPublic, **guard(_C, P, 409))
def create_party(box: Box, who: Who, body: PartyCreate, key: IdempotencyKey) -> JSONResponse:
    return create_one(box, who, P, (body.to_domain(), key), PartyPublic.of)


@router.get("/items", response_model=Page[ItemPublic], **guard(_R, I))
def list_items(
    box: Box,
    who: Who,
    page: Paging,
    supply_class: SupplyClass | None = None,
    substitution_group: KeyQuery = None,
) -> object:
    filters = {"supply_class": supply_class, "substitution_group": substitution_group}
    return list_page(box, who, I, (filters, page), ItemPublic.of)


@router.get("/items/{code}", response_model=ItemPublic, **guard(_R, I, 404))
def read_item(box: Box, who: Who, code: KeyPath) -> JSONResponse:
    return read_one(box, who, I, (code,), ItemPublic.of)


@router.post("/items", status_code=201, response_model=ItemPublic, **guard(_C, I, 409))
def create_item(box: Box, who: Who, body: ItemCreate, key: IdempotencyKey) -> JSONResponse:
    return create_one(box, who, I, (body.to_domain(), key), ItemPublic.of)


@router.get("/sites", response_model=Page[SitePublic], **guard(_R, S))
def list_sites(
    box: Box, who: Who, page: Paging, kind: SiteKind | None = None, country: KeyQuery = None
) -> object:
    return list_page(box, who, S, ({"kind": kind, "country": country}, page), SitePublic.of)


@router.get("/sites/{code}", response_model=SitePublic, **guard(_R, S, 404))
def read_site(box: Box, who: Who, code: KeyPath) -> JSONResponse:
    return read_one(box, who, S, (code,), SitePublic.of)


@router.post("/sites", status_code=201, response_model=SitePublic, **guard(_C, S, 409))
def create_site(box: Box, who: Who, body: SiteCreate, key: IdempotencyKey) -> JSONResponse:
    return create_one(box, who, S, (body.to_domain(), key), SitePublic.of)


@router.patch("/sites/{code}", response_model=SitePublic, **guard(_U, S, 404, 409, 412, 428))
def update_site(
    box: Box, who: Who, code: KeyPath, body: SiteUpdate, version: IfMatch
) -> JSONResponse:
    return update_one(box, who, S, ((code,), version), body, SitePublic.of)


@router.get("/lanes", response_model=Page[LanePublic], **guard(_R, L))
def list_lanes(
    box: Box, who: Who, page: Paging, from_site: KeyQuery = None, to_site: KeyQuery = None
) -> object:
    filters = {"from_site": from_site, "to_site": to_site}
    return list_page(box, who, L, (filters, page), LanePublic.of)


@router.get("/lanes/{from_site}/{to_site}", response_model=LanePublic, **guard(_R, L, 404))
def read_lane(box: Box, who: Who, from_site: KeyPath, to_site: KeyPath) -> JSONResponse:
    return read_one(box, who, L, (from_site, to_site), LanePublic.of)


@router.post("/lanes", status_code=201, response_model=LanePublic, **guard(_C, L, 409))
def create_lane(box: Box, who: Who, body: LaneCreate, key: IdempotencyKey) -> JSONResponse:
    return create_one(box, who, L, (body.to_domain(), key), LanePublic.of)

"""Record requests turned into responses: one list, read, create and update path for every
kind of record, so paging, ETags, idempotency and access checks behave the same everywhere."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel

from pledgeflow.bootstrap import Container
from pledgeflow.service import records
from pledgeflow.service.access import Principal, Resource
from pledgeflow.service.idempotency import Reply, RequestUnitOfWork, run_post

Public = Callable[[Any], BaseModel]


def respond(reply: Reply, location: str | None = None) -> JSONResponse:
    headers = {"ETag": reply.etag} if reply.etag else {}
    if location is not None:
        headers["Location"] = location
    return JSONResponse(reply.body, status_code=reply.status_code, headers=headers)


def list_page(
    container: Container,
    who: Principal,
    resource: Resource,
    query: tuple[Mapping[str, object], tuple[int, int]],
    public: Public,
) -> dict[str, Any]:
    filters, page = query
    uow = RequestUnitOfWork(container.engine, who)
    found, total = records.list_records(uow, who, resource, filters, page)
    return {
        "items": [public(r).model_dump(mode="json") for r in found],
        "total": total,
        "limit": page[0],
        "offset": page[1],
    }


def read_one(
    container: Container, who: Principal, resource: Resource, key: tuple[Any, ...], public: Public
) -> JSONResponse:
    record = records.get_record(RequestUnitOfWork(container.engine, who), who, resource, key)
    body = public(record).model_dump(mode="json")
    return respond(Reply(200, body, records.etag(resource, record)))


def create_one(
    container: Container,
    who: Principal,
    resource: Resource,
    command: tuple[Any, tuple[str, str] | None],
    public: Public,
) -> JSONResponse:
    """Create `record` once per idempotency key; answers 201 with the stored representation."""
    record, key = command

    def render(_: RequestUnitOfWork) -> Reply:
        return Reply(201, public(record).model_dump(mode="json"), records.etag(resource, record))

    def effect(uow: RequestUnitOfWork) -> None:
        records.create_record(uow, who, resource, record)

    return respond(run_post(container.engine, who, key, effect, render))


def update_one(
    container: Container,
    who: Principal,
    resource: Resource,
    target: tuple[tuple[Any, ...], str],
    changes: BaseModel,
    public: Public,
) -> JSONResponse:
    """Apply the fields the client sent (and only those) if If-Match names the stored version."""
    key, if_match = target
    fields = changes.model_dump(exclude_unset=True)

    def render(uow: RequestUnitOfWork) -> Reply:
        record = records.fetch(uow, who, resource, key)
        return Reply(200, public(record).model_dump(mode="json"), records.etag(resource, record))

    def effect(uow: RequestUnitOfWork) -> None:
        records.update_record(uow, who, resource, key, (if_match, fields))

    return respond(run_post(container.engine, who, None, effect, render))

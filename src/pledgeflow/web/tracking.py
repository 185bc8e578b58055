"""Shipment tracking: where each visible shipment stands, and a form to record an event.

A shipment shows only when the viewer may see both its pledge and its requirement (the API's
row filter decides). The policy table has no shipment resource, so recording an event asks it
the nearest questions: may the viewer update this pledge (a coordinator; a donor liaison for
its own nation's pledges), or this shipment's hub site (a hub operator for its own hub)?
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, or_, select

from pledgeflow.adapters import shipment_tables
from pledgeflow.adapters import tables as t
from pledgeflow.api.deps import get_container
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.shipments import AllocationRef, EventKind, Shipment, ShipmentEvent
from pledgeflow.service import records, shipments
from pledgeflow.service.access import (
    Action,
    Principal,
    Resource,
    allowed,
    may_write,
    row_filter,
)
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.web.form_errors import service_errors
from pledgeflow.web.rendering import render
from pledgeflow.web.sessions import Looker, Viewer, checked_form, require

router = APIRouter()
FIELDS = ("id", "shipment", "kind", "date", "quantity", "site", "allocation", "note")
_SHOWN = 100


def _shown_ids(uow: RequestUnitOfWork, principal: Principal, search: str) -> tuple[list[str], int]:
    """Up to `_SHOWN` ids of shipments whose pledge and requirement the viewer may see (the
    central row filter on both), matching `search` in the shipment, pledge, requirement or hub,
    and how many match in all."""
    s = shipment_tables.shipments
    query = (
        select(s.c.id)
        .join(t.pledges, t.pledges.c.id == s.c.pledge)
        .join(t.requirements, t.requirements.c.id == s.c.requirement)
        .where(row_filter(principal, Resource.PLEDGES, t.pledges))
        .where(row_filter(principal, Resource.REQUIREMENTS, t.requirements))
    )
    if search:
        columns = (s.c.id, s.c.pledge, s.c.requirement, s.c.hub)
        query = query.where(or_(*(c.contains(search, autoescape=True) for c in columns)))
    with uow:
        total = uow.connection.execute(select(func.count()).select_from(query.subquery()))
        found = uow.connection.execute(query.order_by(s.c.id).limit(_SHOWN)).scalars()
        return [str(i) for i in found], int(total.scalar_one())


def _rows(request: Request, principal: Principal, search: str) -> tuple[list[dict[str, Any]], int]:
    uow = RequestUnitOfWork(get_container(request).engine, principal)
    ids, total = _shown_ids(uow, principal, search)
    with uow:
        found = [uow.shipments.get(i) for i in ids]
    return [_row(s) for s in found if s is not None], total


def _row(shipment: Shipment) -> dict[str, Any]:
    tally = shipment.tally()
    last = shipment.last_event()
    state = "closed" if shipment.is_closed else "moving"
    return {
        "shipment": shipment,
        "tally": tally,
        "last": last,
        "state": state,
        "route": f"{shipment.origin} → {shipment.hub} → {shipment.destination}",
    }


def _page(
    request: Request, viewer: Viewer, form: tuple[dict[str, str], dict[str, str]], status: int = 200
) -> Response:
    principal = require(viewer, Action.READ, Resource.PLEDGES)
    search = request.query_params.get("q", "")[:64]
    values, errors = form
    rows, total = _rows(request, principal, search)
    context = {
        "rows": rows,
        "total": total,
        "search": search,
        "values": values,
        "errors": errors,
        "kinds": [k.value for k in EventKind],
        "shown_max": _SHOWN,
    }
    return render(request, viewer, "shipments.html.j2", context, status=status)


@router.get("/ui/shipments")
def tracking(
    request: Request, viewer: Looker, q: Annotated[str, Query(max_length=64)] = ""
) -> Response:
    return _page(request, viewer, ({"date": dt.date.today().isoformat()}, {}))


def _event(form: dict[str, str]) -> tuple[ShipmentEvent | None, dict[str, str]]:
    errors: dict[str, str] = {}
    kind = date = quantity = allocation = None
    try:
        kind = EventKind(form.get("kind", ""))
    except ValueError:
        errors["kind"] = "choose what happened"
    try:
        date = dt.date.fromisoformat(form.get("date", ""))
    except ValueError:
        errors["date"] = "a date, YYYY-MM-DD"
    try:
        quantity = Decimal(form.get("quantity", ""))
    except InvalidOperation:
        errors["quantity"] = "a number greater than zero"
    try:
        text = form.get("allocation", "")
        allocation = AllocationRef.parse(text) if text else None
    except DomainError as error:
        errors["allocation"] = error.reason
    if errors or kind is None or date is None or quantity is None:
        return None, errors
    try:
        event = ShipmentEvent(
            form.get("id", ""),
            form.get("shipment", ""),
            kind,
            date,
            quantity,
            form.get("site") or None,
            form.get("note") or None,
            allocation,
        )
    except DomainError as error:
        return None, service_errors(error, FIELDS)
    return event, {}


def _carried(engine: Any, principal: Principal, event: ShipmentEvent) -> AllocationRef | None:
    """What the event's shipment carries: its dispatch names it, later events inherit it."""
    if event.kind is EventKind.DISPATCHED:
        return event.allocation
    try:
        return shipments.get_shipment(
            RequestUnitOfWork(engine, principal), event.shipment
        ).allocation
    except ServiceError:
        return None


def _scope_problem(engine: Any, principal: Principal, event: ShipmentEvent) -> str:
    """Why the viewer may not record this event, or "" when they may (or when the service
    will refuse the event anyway, as for a shipment that does not exist)."""
    ref = _carried(engine, principal, event)
    if ref is None:
        return ""
    uow = RequestUnitOfWork(engine, principal)
    try:
        pledge = records.get_record(uow, principal, Resource.PLEDGES, (ref.pledge,))
    except ServiceError:
        return f"pledge {ref.pledge!r} does not exist"
    if allowed(principal, Action.UPDATE, Resource.PLEDGES) and may_write(
        principal, Resource.PLEDGES, pledge
    ):
        return ""
    if allowed(principal, Action.UPDATE, Resource.SITES) and principal.hub == ref.hub:
        return ""
    return f"you may not record events of shipments carrying pledge {ref.pledge!r} via {ref.hub!r}"


@router.post("/ui/shipments/events")
async def record_event(request: Request, viewer: Looker) -> Response:
    form = await checked_form(request, viewer)
    principal = require(viewer, Action.READ, Resource.PLEDGES)
    event, errors = _event(form)
    if event is None:
        return _page(request, viewer, (form, errors), 422)
    engine = get_container(request).engine
    refusal = _scope_problem(engine, principal, event)
    if refusal:
        return _page(request, viewer, (form, {"": refusal}), 403)
    try:
        shipments.record_event(RequestUnitOfWork(engine, principal), event)
    except (ServiceError, DomainError) as error:
        named = {"event": "kind", "hub": "allocation", "pledge": "allocation"}
        if isinstance(error, DomainError) and error.field in named:
            error = DomainError(error.record, named[error.field], error.reason)
        return _page(request, viewer, (form, service_errors(error, FIELDS)), 422)
    return RedirectResponse(f"/ui/shipments?q={quote(event.shipment)}", status_code=303)

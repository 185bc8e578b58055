"""Shipment tracking: where each visible shipment stands, and a form to record an event.

Access is the API's: the policy table's `shipments` cell decides who may read and record, a
shipment shows only when the viewer sees both its pledge and its requirement (the central row
filter) and `access.shipment_in_scope` agrees (a hub operator: its own hub only), and events
are recorded by `records.record_shipment_event`, the API's own path.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import or_, select

from pledgeflow.adapters import shipment_tables
from pledgeflow.adapters import tables as t
from pledgeflow.api.deps import get_container
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.shipments import AllocationRef, EventKind, Shipment, ShipmentEvent
from pledgeflow.service import records
from pledgeflow.service.access import (
    Action,
    Principal,
    Resource,
    row_filter,
    shipment_in_scope,
)
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.service.records import Forbidden
from pledgeflow.web.entry_forms import reference_lists
from pledgeflow.web.form_errors import service_errors
from pledgeflow.web.rendering import render
from pledgeflow.web.sessions import Looker, Viewer, checked_form, require

router = APIRouter()
FIELDS = ("id", "shipment", "kind", "date", "quantity", "site", "allocation", "note")
PAGE_SIZE = 50


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sorts "S-2" before "S-10": digit runs compare as numbers, the rest as text."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part
    )


def _shown_ids(
    uow: RequestUnitOfWork, principal: Principal, search: str, offset: int
) -> tuple[list[str], int]:
    """One page of the ids of the viewer's shipments matching `search` in the shipment,
    pledge, requirement or hub, in natural order, and how many match in all. The row filter
    narrows in SQL; the hub scope is the policy's own function, applied to each match."""
    s = shipment_tables.shipments
    query = (
        select(s.c.id, s.c.hub)
        .join(t.pledges, t.pledges.c.id == s.c.pledge)
        .join(t.requirements, t.requirements.c.id == s.c.requirement)
        .where(row_filter(principal, Resource.PLEDGES, t.pledges))
        .where(row_filter(principal, Resource.REQUIREMENTS, t.requirements))
    )
    if search:
        columns = (s.c.id, s.c.pledge, s.c.requirement, s.c.hub)
        query = query.where(or_(*(c.contains(search, autoescape=True) for c in columns)))
    with uow.reading():
        found = uow.connection.execute(query).all()
    ids = [str(i) for i, hub in found if shipment_in_scope(principal, hub, True, True)]
    ids.sort(key=natural_key)
    return ids[offset : offset + PAGE_SIZE], len(ids)


def _rows(
    request: Request, principal: Principal, search: str, offset: int
) -> tuple[list[dict[str, Any]], int]:
    uow = RequestUnitOfWork(get_container(request).engine, principal)
    ids, total = _shown_ids(uow, principal, search, offset)
    with uow.reading():
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
    principal = require(viewer, Action.READ, Resource.SHIPMENTS)
    search = request.query_params.get("q", "")[:64]
    offset_text = request.query_params.get("offset", "0")
    offset = int(offset_text) if offset_text.isdigit() and len(offset_text) < 10 else 0
    values, errors = form
    rows, total = _rows(request, principal, search, offset)
    context = {
        "rows": rows,
        "total": total,
        "offset": offset,
        "page_size": PAGE_SIZE,
        "lists": reference_lists(request, viewer),
        "search": search,
        "values": values,
        "errors": errors,
        "kinds": [k.value for k in EventKind],
    }
    return render(request, viewer, "shipments.html.j2", context, status=status)


@router.get("/ui/shipments")
def tracking(
    request: Request,
    viewer: Looker,
    q: Annotated[str, Query(max_length=64)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
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


@router.post("/ui/shipments/events")
async def record_event(request: Request, viewer: Looker) -> Response:
    form = await checked_form(request, viewer)
    principal = require(viewer, Action.CREATE, Resource.SHIPMENTS)
    event, errors = _event(form)
    if event is None:
        return _page(request, viewer, (form, errors), 422)
    uow = RequestUnitOfWork(get_container(request).engine, principal)
    try:
        records.record_shipment_event(uow, principal, event)
    except (ServiceError, DomainError) as error:
        named = {"event": "kind", "hub": "allocation", "pledge": "allocation"}
        if isinstance(error, DomainError) and error.field in named:
            error = DomainError(error.record, named[error.field], error.reason)
        status = 403 if isinstance(error, Forbidden) else 422
        return _page(request, viewer, (form, service_errors(error, FIELDS)), status)
    return RedirectResponse(f"/ui/shipments?q={quote(event.shipment)}", status_code=303)

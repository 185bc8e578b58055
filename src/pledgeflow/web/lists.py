"""Requirements and pledges, filtered and paged, through the API's row filter.

The filter form re-renders only the table (htmx) and pushes the filters into the address,
so a filtered list can be bookmarked and the back button works.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from pledgeflow.api.deps import get_container
from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.service.access import Action, Resource
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.service.records import list_records
from pledgeflow.service.requirement_status import requirement_statuses, standing
from pledgeflow.web.rendering import render
from pledgeflow.web.sessions import Looker, Viewer, require

router = APIRouter()
PAGE_SIZE = 50
Text = Annotated[str, Query(max_length=64)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]


def _chosen(value: str) -> str | None:
    return value.strip() or None


def _listing(
    request: Request, viewer: Viewer, resource: Resource, filters: dict[str, Any], offset: int
) -> HTMLResponse:
    principal = require(viewer, Action.READ, resource)
    uow = RequestUnitOfWork(get_container(request).engine, principal)
    query = {name: value for name, value in filters.items() if value is not None}
    rows, total = list_records(uow, principal, resource, query, (PAGE_SIZE, offset))
    context = {
        "rows": rows,
        "total": total,
        "offset": offset,
        "page_size": PAGE_SIZE,
        "filters": {name: "" if value is None else str(value) for name, value in filters.items()},
        "statuses": [s.value for s in PledgeStatus],
        "releasabilities": [r.value for r in Releasability],
    }
    if resource is Resource.REQUIREMENTS:
        now = standing(uow, principal, dt.date.today())
        context["statuses"] = requirement_statuses(now)
        context["as_of"] = now.day
    return render(request, viewer, f"{resource.value}.html.j2", context)


def _enum_or_none(kind: type[Any], value: str) -> Any:
    """An unknown choice filters nothing rather than failing: it can only come from a
    hand-edited address, and an empty result would read as "no records"."""
    try:
        return kind(value) if value else None
    except ValueError:
        return None


@router.get("/ui/requirements")
def requirements(
    request: Request,
    viewer: Looker,
    item: Text = "",
    destination: Text = "",
    priority: Text = "",
    releasability: Text = "",
    offset: Offset = 0,
) -> HTMLResponse:
    filters = {
        "item": _chosen(item),
        "destination": _chosen(destination),
        "priority": int(priority) if priority in {"1", "2", "3", "4", "5"} else None,
        "releasability": _enum_or_none(Releasability, releasability),
    }
    return _listing(request, viewer, Resource.REQUIREMENTS, filters, offset)


@router.get("/ui/pledges")
def pledges(
    request: Request,
    viewer: Looker,
    donor: Text = "",
    item: Text = "",
    status: Text = "",
    releasability: Text = "",
    offset: Offset = 0,
) -> HTMLResponse:
    filters = {
        "donor": _chosen(donor),
        "item": _chosen(item),
        "status": _enum_or_none(PledgeStatus, status),
        "releasability": _enum_or_none(Releasability, releasability),
    }
    return _listing(request, viewer, Resource.PLEDGES, filters, offset)

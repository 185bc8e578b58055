"""Forms that record a pledge and a requirement, with problems shown next to their fields.

Input is checked by the API's own schemas (`PledgeCreate`, `RequirementCreate`) and written by
the same `records.create_record`, so the form accepts exactly what the API accepts, and the
scope rules (a donor liaison records only its nation's pledges) hold the same way. A form sends
text, so it is read as the strings it is (`model_validate_strings`): the API's JSON bodies take
JSON integers only.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from pledgeflow.api.deps import get_container
from pledgeflow.api.schemas.needs import PledgeCreate, RequirementCreate
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.parties import Role as PartyRole
from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.sites import SiteKind
from pledgeflow.service import records
from pledgeflow.service.access import Action, Resource
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.web.form_errors import schema_errors, service_errors
from pledgeflow.web.rendering import render
from pledgeflow.web.sessions import Looker, Viewer, checked_form, require

router = APIRouter()
_OPTIONAL = {"value_eur", "earmark", "notes"}
_FORMS: dict[Resource, type[PledgeCreate] | type[RequirementCreate]] = {
    Resource.PLEDGES: PledgeCreate,
    Resource.REQUIREMENTS: RequirementCreate,
}


def _form_page(
    request: Request,
    viewer: Viewer,
    resource: Resource,
    state: tuple[dict[str, str], dict[str, str]],
    status: int = 200,
) -> Response:
    values, errors = state
    context = {
        "values": values,
        "errors": errors,
        "lists": reference_lists(request, viewer),
        "statuses": [s.value for s in PledgeStatus],
        "releasabilities": [r.value for r in Releasability],
    }
    name = "pledge_form.html.j2" if resource is Resource.PLEDGES else "requirement_form.html.j2"
    return render(request, viewer, name, context, status=status)


_ALL = (10_000, 0)


def reference_lists(request: Request, viewer: Viewer) -> dict[str, list[tuple[str, str]]]:
    """Codes a form field may take, with their names, for the fields' pick lists: donors,
    items (with their unit), sites by kind; read through the same row filter as the API."""
    principal = viewer.principal
    uow = RequestUnitOfWork(get_container(request).engine, principal)
    parties, _ = records.list_records(uow, principal, Resource.PARTIES, {}, _ALL)
    items, _ = records.list_records(uow, principal, Resource.ITEMS, {}, _ALL)
    sites, _ = records.list_records(uow, principal, Resource.SITES, {}, _ALL)
    requirements, _ = records.list_records(uow, principal, Resource.REQUIREMENTS, {}, _ALL)
    donors = [(p.code, p.name) for p in parties if PartyRole.DONOR in p.roles]
    return {
        "donor": [d for d in donors if principal.party in (None, d[0])],
        "item": [(i.code, f"{i.name} ({i.unit})") for i in items],
        "origin": [(s.code, s.name) for s in sites if s.kind is SiteKind.DEPOT],
        "destination": [(s.code, s.name) for s in sites if s.kind is SiteKind.DELIVERY],
        "site": [(s.code, s.name) for s in sites],
        "earmark": [(r.id, f"{r.item}, priority {r.priority}") for r in requirements],
    }


def _defaults(viewer: Viewer, resource: Resource) -> dict[str, str]:
    if resource is Resource.PLEDGES:
        return {"donor": viewer.principal.party or "", "status": "announced"}
    return {"priority": "3"}


async def _record(request: Request, viewer: Viewer, resource: Resource) -> Response:
    form = await checked_form(request, viewer)
    principal = require(viewer, Action.CREATE, resource)
    schema = _FORMS[resource]
    fields = list(schema.model_fields)
    sent: dict[str, Any] = {k: v for k, v in form.items() if k in fields}
    sent = {k: v for k, v in sent.items() if v or k not in _OPTIONAL}
    if principal.party is not None and resource is Resource.PLEDGES:
        sent["donor"] = principal.party
    try:
        body: BaseModel = schema.model_validate_strings(sent)
    except ValidationError as error:
        return _form_page(request, viewer, resource, (form, schema_errors(error, fields)), 422)
    record = body.to_domain()  # type: ignore[attr-defined]
    uow = RequestUnitOfWork(get_container(request).engine, principal)
    try:
        records.create_record(uow, principal, resource, record)
    except (ServiceError, DomainError) as error:
        errors = service_errors(error, fields)
        return _form_page(request, viewer, resource, (form, errors), 422)
    return RedirectResponse(f"/ui/{resource.value}?recorded={record.id}", status_code=303)


@router.get("/ui/pledges/new")
def pledge_form(request: Request, viewer: Looker) -> Response:
    require(viewer, Action.CREATE, Resource.PLEDGES)
    return _form_page(request, viewer, Resource.PLEDGES, (_defaults(viewer, Resource.PLEDGES), {}))


@router.post("/ui/pledges/new")
async def record_pledge(request: Request, viewer: Looker) -> Response:
    return await _record(request, viewer, Resource.PLEDGES)


@router.get("/ui/requirements/new")
def requirement_form(request: Request, viewer: Looker) -> Response:
    require(viewer, Action.CREATE, Resource.REQUIREMENTS)
    defaults = _defaults(viewer, Resource.REQUIREMENTS)
    return _form_page(request, viewer, Resource.REQUIREMENTS, (defaults, {}))


@router.post("/ui/requirements/new")
async def record_requirement(request: Request, viewer: Looker) -> Response:
    return await _record(request, viewer, Resource.REQUIREMENTS)

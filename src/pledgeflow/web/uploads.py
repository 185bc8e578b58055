"""Workbook upload: the interchange import, all or nothing, with its report on the page.

The upload is written to a private temporary file only because the importer reads paths;
it is removed as soon as the import is done. Importing writes every kind of record, so only a
role that may create all of them (a coordinator) may upload.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from pledgeflow.adapters.importers.limits import ImportLimits
from pledgeflow.api.deps import get_container
from pledgeflow.service.access import TABLES, Action, Principal
from pledgeflow.service.errors import Rejected, ServiceError
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.service.interchange import import_path
from pledgeflow.web.rendering import render
from pledgeflow.web.sessions import Looker, Viewer, checked_form, require

router = APIRouter()
MAX_BYTES = 50 * 1024 * 1024


def _importer(viewer: Viewer) -> Principal:
    principal = viewer.principal
    for resource in TABLES:
        principal = require(viewer, Action.CREATE, resource)
    return principal


def _page(
    request: Request, viewer: Viewer, report: Mapping[str, object], status: int = 200
) -> Response:
    return render(request, viewer, "upload.html.j2", {"report": report}, status=status)


@router.get("/ui/import")
def upload_form(request: Request, viewer: Looker) -> Response:
    _importer(viewer)
    return _page(request, viewer, {})


@router.post("/ui/import")
async def upload(request: Request, viewer: Looker) -> Response:
    fields = await checked_form(request, viewer)
    principal = _importer(viewer)
    sent = (await request.form()).get("workbook")
    if not isinstance(sent, UploadFile) or not (sent.filename or "").lower().endswith(".xlsx"):
        return _page(request, viewer, {"error": "choose an .xlsx workbook"}, 422)
    content = await sent.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        return _page(request, viewer, {"error": "the workbook is larger than 50 MB"}, 413)
    with tempfile.TemporaryDirectory(prefix="pledgeflow-upload-") as folder:
        path = Path(folder) / "upload.xlsx"
        path.write_bytes(content)
        uow = RequestUnitOfWork(get_container(request).engine, principal)
        try:
            limits = ImportLimits.of(get_container(request).settings)
            update = fields.get("update") == "on"
            summary = import_path(uow, path, update=update, limits=limits)
        except Rejected as error:
            problems = [str(p).replace(str(path), sent.filename or "") for p in error.problems]
            report = {
                "error": str(error).replace(str(path), sent.filename or ""),
                "problems": problems,
            }
            return _page(request, viewer, report, 422)
        except ServiceError as error:
            return _page(
                request, viewer, {"error": str(error).replace(str(path), "the workbook")}, 422
            )
    done = {"file": sent.filename, "added": summary.added, "updated": summary.updated}
    return _page(request, viewer, done)

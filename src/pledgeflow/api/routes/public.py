"""The public tracker as JSON, CSV and xlsx, and its charts' data, with no sign-in.

Everything here reads through the public role whatever the caller, so a figure published
here is the same for everyone, and names the log size and root it was computed from; the
signed checkpoint of that size is served beside it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import PlainTextResponse, Response

from pledgeflow.adapters.exporters.cells import csv_text
from pledgeflow.adapters.exporters.sheets import csv_bytes, workbook_bytes
from pledgeflow.api.deps import guard
from pledgeflow.api.public_views import PublicView, PublicViews
from pledgeflow.api.routes.paths import Box
from pledgeflow.service.access import ANONYMOUS, Action, Resource
from pledgeflow.service.errors import NotFound
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.service.tracker import TrackerCache
from pledgeflow.service.tracker_tables import TABLE_NAMES

router = APIRouter(tags=["public"])
TableName = Annotated[str, Path(pattern=r"^[a-z_]{1,32}$")]
ChartName = Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]{1,64}$")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def public_view(request: Request, box: Box) -> PublicView:
    """Today's tracker over public records, and what is drawn from it, from the app's caches."""
    state = request.app.state
    if getattr(state, "tracker_cache", None) is None:
        state.tracker_cache = TrackerCache()
        state.public_views = PublicViews()
    uow = RequestUnitOfWork(box.engine, ANONYMOUS)
    tracker = state.tracker_cache.tracker(uow, box.settings, ANONYMOUS, dt.date.today())
    view: PublicView = state.public_views.view(tracker)
    return view


@router.get("/public/tracker", **guard(Action.READ, Resource.PUBLIC))
def tracker_json(request: Request, box: Box) -> dict[str, Any]:
    """Every tracker table as a list of records (amounts as decimal strings), and the log
    size, root and signed checkpoint they were computed from."""
    view = public_view(request, box)
    tracker, tables = view.tracker, view.tables
    body: dict[str, Any] = {
        "computed_for": tracker.today.isoformat(),
        "newest_record": csv_text(tracker.burden.newest_record) or None,
        "log_size": tracker.provenance.log_size,
        "log_root": tracker.provenance.log_root,
        "checkpoint": tracker.provenance.checkpoint,
    }
    for name in TABLE_NAMES[:-1]:
        header, rows = tables[name]
        body[name] = [{h: csv_text(v) for h, v in zip(header, row, strict=True)} for row in rows]
    return body


@router.get(
    "/public/tracker/checkpoint",
    response_class=PlainTextResponse,
    **guard(Action.READ, Resource.PUBLIC, 404, media_type="text/plain"),
)
def tracker_checkpoint(request: Request, box: Box) -> PlainTextResponse:
    """The signed checkpoint of the log size the tracker's figures were computed from."""
    note = public_view(request, box).tracker.provenance.checkpoint
    if note is None:
        raise NotFound("this installation has no signing key, so no signed checkpoint")
    return PlainTextResponse(note)


@router.get("/public/tracker.xlsx", **guard(Action.READ, Resource.PUBLIC, media_type=XLSX))
def tracker_workbook(request: Request, box: Box) -> Response:
    view = public_view(request, box)
    data = view.memo("tracker.xlsx", lambda: workbook_bytes(view.tables))
    return _download(data, XLSX, "tracker.xlsx")


@router.get(
    "/public/tracker/{table}.csv",
    **guard(Action.READ, Resource.PUBLIC, 404, media_type="text/csv"),
)
def tracker_csv(table: TableName, request: Request, box: Box) -> Response:
    view = public_view(request, box)
    if table not in view.tables:
        raise NotFound(f"tracker table {table!r} does not exist; tables: {', '.join(view.tables)}")
    data = view.memo(f"{table}.csv", lambda: csv_bytes(view.tables[table]))
    return _download(data, "text/csv; charset=utf-8", f"{table}.csv")


@router.get(
    "/public/tracker/{table}.xlsx",
    **guard(Action.READ, Resource.PUBLIC, 404, media_type=XLSX),
)
def tracker_table_xlsx(table: TableName, request: Request, box: Box) -> Response:
    view = public_view(request, box)
    if table not in view.tables:
        raise NotFound(f"tracker table {table!r} does not exist; tables: {', '.join(view.tables)}")
    data = view.memo(f"{table}.xlsx", lambda: workbook_bytes({table: view.tables[table]}))
    return _download(data, XLSX, f"{table}.xlsx")


@router.get(
    "/public/charts/{chart}.csv",
    **guard(Action.READ, Resource.PUBLIC, 404, media_type="text/csv"),
)
def chart_csv(chart: ChartName, request: Request, box: Box) -> Response:
    """The data a tracker chart was drawn from."""
    charts = public_view(request, box).charts
    if chart not in charts:
        raise NotFound(f"chart {chart!r} does not exist; charts: {', '.join(charts)}")
    return _download(charts[chart].csv(), "text/csv; charset=utf-8", f"{chart}.csv")


def _download(data: bytes, media_type: str, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type=media_type, headers=headers)

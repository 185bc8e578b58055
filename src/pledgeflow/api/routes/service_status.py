"""The service's own pages: `/health` for monitors, `/docs` from assets in the package.

`/docs` is Swagger UI served from web/static/swagger-ui (vendored, with its licence), started
by a script file rather than an inline one, so it renders on a network with no internet access
and under a strict Content-Security-Policy.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from pledgeflow import __version__
from pledgeflow.adapters import migrations
from pledgeflow.api.deps import guard
from pledgeflow.api.routes.paths import Box
from pledgeflow.service.access import Action, Resource

router = APIRouter(tags=["service"])

_DOCS = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pledgeflow API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/swagger-ui/docs.js"></script>
</body>
</html>
"""


class Health(BaseModel):
    status: str
    """`ok`, or `degraded` when the database is unreachable or its schema is not current."""
    version: str
    database: str
    schema_revision: str | None
    expected_revision: str


@router.get("/docs", include_in_schema=False)
def docs() -> HTMLResponse:
    return HTMLResponse(_DOCS)


_HEALTH = guard(Action.READ, Resource.PUBLIC)
_HEALTH["responses"][503] = {"model": Health, "description": "database unreachable or not current"}


@router.get("/health", response_model=Health, **_HEALTH)
def health(box: Box) -> JSONResponse:
    """Whether the database answers and its schema is at the migrations' head (503 if not)."""
    expected = migrations.head_revision()
    try:
        current = migrations.current_revision(box.engine)
        database = "reachable"
    except SQLAlchemyError as error:
        current, database = None, f"unreachable: {type(error).__name__}"
    ok = database == "reachable" and current == expected
    if database == "reachable" and current != expected:
        database = f"reachable; schema at {current or 'no revision'}, run `pledgeflow init`"
    body = Health(
        status="ok" if ok else "degraded",
        version=__version__,
        database=database,
        schema_revision=current,
        expected_revision=expected,
    )
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

"""The public tracker page: no sign-in, public records only, charts that need no script.

It reads the same cached tracker as the JSON API under /public/, so the page, the downloads
and the API always show the same figures and name the same signed checkpoint.
"""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from pledgeflow.adapters.reports.plots import amount_text
from pledgeflow.adapters.reports.tracker_sections import provenance_text
from pledgeflow.api.public_views import PublicView
from pledgeflow.api.routes.paths import Box
from pledgeflow.api.routes.public import public_view
from pledgeflow.web.rendering import TEMPLATES

router = APIRouter()


def shown(value: object) -> str:
    """A cell as people read it: large amounts shortened, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal) and abs(value) >= 10_000:
        return amount_text(float(value))
    return str(value)


@router.get("/ui/public", response_class=HTMLResponse)
def tracker_page(request: Request, box: Box) -> HTMLResponse:
    view = public_view(request, box)
    return HTMLResponse(view.memo("page", lambda: _page(view)))


def _page(view: PublicView) -> str:
    tracker = view.tracker
    return TEMPLATES.get_template("public_tracker.html.j2").render(
        tracker=tracker,
        provenance=provenance_text(tracker),
        charts=[(c.slug, c.title, Markup(c.svg)) for c in view.charts.values()],  # escaped
        tables={name: view.tables[name] for name in ("donors", "fair_shares", "monthly")},
        shown=shown,
        zip=zip,
    )

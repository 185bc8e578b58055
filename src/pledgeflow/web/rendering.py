"""Jinja2 templates shipped in the package, rendered whole or as an htmx fragment."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from pledgeflow.domain import number_formats

if TYPE_CHECKING:
    from pledgeflow.web.sessions import Viewer

HERE = Path(__file__).resolve().parent
TEMPLATES = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.globals["nf"] = number_formats
"""Every page writes numbers through the one formatting module every surface shares."""


def render(
    request: Request, viewer: Viewer, name: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    """A full page, or only its `fragment` block when htmx swaps part of a page (a history
    restore asks for the whole page again)."""
    template = TEMPLATES.get_template(name)
    values = {"request": request, "viewer": viewer, **context}
    partial = request.headers.get("hx-request") == "true"
    partial = partial and request.headers.get("hx-history-restore-request") != "true"
    if partial and "fragment" in template.blocks:
        context_obj = template.new_context(values)
        html = "".join(template.blocks["fragment"](context_obj))
    else:
        html = template.render(values)
    return HTMLResponse(html, status_code=status)

"""A report as sections (text, charts, tables) rendered to one self-contained HTML file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup


@dataclass
class TableBlock:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    method: str = ""
    """How the figures were computed (the solver's details), behind a "method" disclosure."""
    charts: list[str] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)


@dataclass
class Report:
    title: str
    subtitle: str
    sections: list[Section] = field(default_factory=list)


_environment = Environment(
    loader=PackageLoader("pledgeflow.adapters.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
)
_NUMERIC = re.compile(r"^[−<-]?\s?[0-9][0-9,.]*( ?[%a-zA-Z/]+)?$")
_environment.tests["numeric"] = lambda cell: (
    isinstance(cell, int | float) or bool(isinstance(cell, str) and _NUMERIC.match(cell))
)


def render(report: Report) -> str:
    template = _environment.get_template("report.html.j2")
    sections = [
        {
            "title": s.title,
            "paragraphs": s.paragraphs,
            "method": s.method,
            "charts": [Markup(svg) for svg in s.charts],  # built by charts.py, which escapes
            "tables": s.tables,
        }
        for s in report.sections
    ]
    return template.render(title=report.title, subtitle=report.subtitle, sections=sections)


def write(report: Report, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(report), encoding="utf-8")
    return path

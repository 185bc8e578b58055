"""A page's chart as the data it was drawn from (issue 20: every chart downloadable as CSV).

The page's own route computes the charts for the viewer, through the page's access filter,
and hands them here; the file holds the same rows the chart draws, written by the
exporters' CSV writer (formula-like text neutralised).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import Path
from fastapi.responses import Response

from pledgeflow.adapters.reports.charts import Chart
from pledgeflow.service.errors import NotFound

ChartName = Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]{1,64}$")]


def chart_download(charts: Iterable[Chart], slug: str) -> Response:
    """The CSV of the chart named `slug` among `charts`; 404 naming the ones there are."""
    by_slug = {chart.slug: chart for chart in charts}
    if slug not in by_slug:
        known = ", ".join(by_slug) or "none for you here"
        raise NotFound(f"chart {slug!r} does not exist; charts: {known}")
    headers = {"Content-Disposition": f'attachment; filename="{slug}.csv"'}
    return Response(by_slug[slug].csv(), media_type="text/csv; charset=utf-8", headers=headers)

"""The report's and the dashboard's charts, drawn by pygal through plots.py.

The two shapes callers ask for keep their signatures: horizontal bars (one or more series)
and lines over shared labels. plots.py makes pygal's SVG fit for a strict
Content-Security-Policy (no inline style or script, its look as presentation attributes),
gives each chart an accessible name and a tooltip per bar and point, and escapes labels.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pledgeflow.adapters.reports import plots
from pledgeflow.adapters.reports.plots import PALETTE, Chart, Series
from pledgeflow.domain.number_formats import chart_value

__all__ = [
    "PALETTE",
    "Chart",
    "Series",
    "bar_chart",
    "bar_drawing",
    "column_drawing",
    "line_chart",
    "line_drawing",
]


def _slug(title: str) -> str:
    """An id-safe name from the title, so several charts on one page keep distinct ids."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48] or "chart"


def bar_chart(
    title: str, labels: Sequence[str], series: Sequence[Series], *, unit: str = ""
) -> str:
    """Horizontal bars, one row per label and one bar per series within the row."""
    return bar_drawing(title, labels, series, unit=unit).svg


def bar_drawing(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    stacked: bool = False,
) -> Chart:
    """`bar_chart` with the rows it was drawn from, for a page that offers them as CSV;
    stacked bars add the series along each row."""
    drawn = plots.bar(_slug(title), title, labels, series, unit=unit, stacked=stacked, number=_fmt)
    return _as_page_chart(drawn)


def column_drawing(
    title: str, labels: Sequence[str], series: Sequence[Series], *, unit: str = ""
) -> Chart:
    """Upright bars over shared x labels (periods), the series stacked in each column."""
    return _as_page_chart(
        plots.columns(_slug(title), title, labels, series, unit=unit, number=_fmt)
    )


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    floor_peak: float = 0.0,
) -> str:
    """One line per series over shared x labels (dates, weeks), y from zero to the largest
    value or `floor_peak` (e.g. 100 so a utilisation chart always shows the full-capacity
    line)."""
    return line_drawing(title, labels, series, unit=unit, floor_peak=floor_peak).svg


def line_drawing(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    floor_peak: float = 0.0,
) -> Chart:
    """`line_chart` with the rows it was drawn from, for a page that offers them as CSV."""
    chart = plots.line(
        _slug(title), title, labels, series, unit=unit, floor_peak=floor_peak, number=_fmt
    )
    return _as_page_chart(chart)


def _as_page_chart(chart: Chart) -> Chart:
    """The pages and the report style their charts by the one class `chart`."""
    return replace(chart, svg=chart.svg.replace('class="pygal-chart chart"', 'class="chart"', 1))


def _fmt(value: float) -> str:
    """The surfaces' one number format (domain/number_formats): thousands separated, never
    "13 k" beside "9,111.3"."""
    return chart_value(value)

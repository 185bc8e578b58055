"""Server-side SVG charts: no JavaScript, no network, and they print.

Only the two shapes the reports need: horizontal bars (one or two series) and grouped
columns. Values are scaled to the largest one; labels are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from pledgeflow.domain.number_formats import chart_value

PALETTE = ("#1f5f8b", "#e07b39", "#5b9a58", "#b8403e", "#7a5ea8", "#8c8c8c")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


WIDTH = 420
"""Narrow enough that a phone (390 px, a 350 px card) shows labels at about 11 px and more."""
_LABEL, _SMALL = 15, 13


def bar_chart(
    title: str, labels: Sequence[str], series: Sequence[Series], *, unit: str = ""
) -> str:
    """Horizontal bars, one row per label: the label on its own line above its bars, so
    long labels need no left column and the bars keep the chart's whole width."""
    bar_h, gap = 14, 4
    row_h = 18 + len(series) * (bar_h + gap) + 6
    plot_w = WIDTH - 70
    top = 30 + (18 if len(series) > 1 else 0)
    height = top + row_h * len(labels) + 4
    peak = max((v for s in series for v in s.values), default=0.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f'<text x="0" y="18" font-size="{_LABEL + 1}" font-weight="bold">{escape(title)}</text>',
    ]
    if len(series) > 1:
        parts.extend(_legend(series, 0))
    for row, label in enumerate(labels):
        y = top + row * row_h
        parts.append(f'<text x="0" y="{y + 14}" font-size="{_LABEL}">{escape(label)}</text>')
        for index, s in enumerate(series):
            value = s.values[row]
            w = max(0.0, value / peak * plot_w)
            by = y + 18 + index * (bar_h + gap)
            parts.append(
                f'<rect x="0" y="{by}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(s.name)}: '
                f"{_fmt(value, unit)}{'' if unit == '%' else ' ' + escape(unit)}</title></rect>"
            )
            parts.append(
                f'<text x="{w + 4:.1f}" y="{by + bar_h - 2}" font-size="{_SMALL}">'
                f"{_fmt(value, unit)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _legend(series: Sequence[Series], left: int) -> list[str]:
    parts = []
    for index, s in enumerate(series):
        x = left + index * 200
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="28" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="39" font-size="{_SMALL}">{escape(s.name)}</text>')
    return parts


def _fmt(value: float, unit: str = "") -> str:
    """Labels in the surface's one number format (thousands separated, never "13 k");
    percentages as every table writes them, "48.5 %"."""
    return f"{value:,.1f} %" if unit == "%" else chart_value(value)


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    floor_peak: float = 0.0,
) -> str:
    """One polyline per series over shared x labels (dates, weeks), y from zero to the largest
    value or `floor_peak` (e.g. 1.0 so a utilisation chart always shows the full-capacity line).
    A few x labels are printed, evenly spaced, so long series stay legible."""
    left, top, width, plot_h = 64, 30 + 18 * ((len(series) + 1) // 2), WIDTH, 200
    plot_w = width - left - 20
    height = top + plot_h + 36
    peak = max([floor_peak, *(v for s in series for v in s.values)]) or 1.0
    step = plot_w / max(1, len(labels) - 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f'<text x="0" y="18" font-size="{_LABEL + 1}" font-weight="bold">{escape(title)}</text>',
    ]
    parts.extend(_line_legend(series, left))
    parts.extend(_line_axes(labels, peak, unit, (left, top, plot_w, plot_h)))
    for index, s in enumerate(series):
        points = " ".join(
            f"{left + i * step:.1f},{top + plot_h - v / peak * plot_h:.1f}"
            for i, v in enumerate(s.values)
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke-width="2" '
            f'stroke="{PALETTE[index % len(PALETTE)]}"><title>{escape(s.name)}</title></polyline>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _line_axes(
    labels: Sequence[str], peak: float, unit: str, box: tuple[int, int, int, int]
) -> list[str]:
    """Five horizontal grid lines with their values, and three x labels (a phone's width)."""
    left, top, plot_w, plot_h = box
    step = plot_w / max(1, len(labels) - 1)
    parts = []
    for tick in range(5):
        value = peak * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="{_SMALL}" text-anchor="end">'
            f"{_fmt(value, unit)}{'' if unit == '%' else escape(unit)}</text>"
        )
    every = max(1, (len(labels) + 2) // 3)
    for index in range(0, len(labels), every):
        anchor = "start" if index == 0 else "middle"
        parts.append(
            f'<text x="{left + index * step:.1f}" y="{top + plot_h + 18}" font-size="{_SMALL}" '
            f'text-anchor="{anchor}">{escape(labels[index])}</text>'
        )
    return parts


def _line_legend(series: Sequence[Series], left: int) -> list[str]:
    """Legend in rows of two, above the plot."""
    parts = []
    for index, s in enumerate(series):
        x = (index % 2) * (WIDTH // 2)
        y = 28 + 18 * (index // 2)
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 16}" y="{y + 11}" font-size="{_SMALL}">{escape(s.name)}</text>'
        )
    return parts

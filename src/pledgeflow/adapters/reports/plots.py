"""Charts drawn by pygal, made fit for a strict Content-Security-Policy, with their data.

pygal draws bars, stacked bars and lines as SVG on the server, with axes, legends and titles,
so a chart needs no JavaScript and no network, prints, and shows in a report file as on a
page. Its SVG carries an inline <style>, an inline <script> and a few style attributes, which
a strict policy refuses; `Chart.svg` is the drawing without them, its look carried by
presentation attributes instead (chart_paint.py), with a native <title> tooltip on every bar
and point and an accessible name. Every chart keeps the table it was drawn from, for its CSV
download.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pygal
from pygal.graph.graph import Graph
from pygal.style import Style

from pledgeflow.adapters.reports.chart_paint import paint

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
PALETTE = ("#1f5f8b", "#e07b39", "#5b9a58", "#b8403e", "#7a5ea8", "#8c8c8c", "#c9a227")
_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="rgba(0, 0, 0, .87)",
    foreground_strong="rgba(0, 0, 0, 1)",
    foreground_subtle="rgba(0, 0, 0, .4)",
    colors=PALETTE,
    font_family='system-ui, -apple-system, "Segoe UI", sans-serif',
    title_font_size=16,
    legend_font_size=12,
    label_font_size=11,
    major_label_font_size=11,
)


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float]


@dataclass(frozen=True, slots=True)
class Chart:
    """A drawn chart: `slug` names it in URLs and ids; `header`/`rows` are its data."""

    slug: str
    title: str
    svg: str
    header: list[str]
    rows: list[list[object]]

    def csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue().encode("utf-8")


def amount_text(value: float) -> str:
    if abs(value) >= 1e9:
        return f"{value / 1e9:,.2f} bn"
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.1f} M"
    if abs(value) >= 1e4:
        return f"{value / 1e3:,.0f} k"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _config(chart: Graph[Any, Any, Any], title: str, unit: str, rows: int) -> None:
    chart.config(
        title=title,
        style=_STYLE,
        js=[],
        no_prefix=True,
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        width=760,
        height=max(320, 120 + 16 * rows),
        value_formatter=amount_text,
        formatter=lambda v: f"{amount_text(v)} {unit}".strip(),
        max_scale=7,
        truncate_label=28,
        truncate_legend=36,
        print_zeroes=False,
        margin=12,
    )


def bar(
    slug: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    stacked: bool = False,
) -> Chart:
    """Horizontal bars, one row per label; stacked bars add the series along the row."""
    kind = pygal.HorizontalStackedBar if stacked else pygal.HorizontalBar
    chart = kind()
    _config(chart, title, unit, len(labels) * (2 if stacked else 1 + len(series)))
    chart.x_labels = list(reversed(labels))  # pygal draws the first row at the bottom
    for s in series:
        chart.add(s.name, [float(v) for v in reversed(s.values)])
    return _finish(slug, title, chart, labels, series, unit)


def line(
    slug: str, title: str, labels: Sequence[str], series: Sequence[Series], *, unit: str = ""
) -> Chart:
    """One line per series over shared x labels (months, weeks); a few labels are printed."""
    chart = pygal.Line()
    _config(chart, title, unit, 8)
    chart.config(
        x_label_rotation=30,
        show_minor_x_labels=False,
        x_labels_major_every=max(1, len(labels) // 8),
        dots_size=3,
    )
    chart.x_labels = list(labels)
    for s in series:
        chart.add(s.name, [float(v) for v in s.values])
    return _finish(slug, title, chart, labels, series, unit)


def _finish(
    slug: str,
    title: str,
    chart: Graph[Any, Any, Any],
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str,
) -> Chart:
    svg = strict_svg(chart.render(is_unicode=True), slug, [s.name for s in series], unit)
    header = ["label", *(f"{s.name} ({unit})" if unit else s.name for s in series)]
    rows = [[label, *(s.values[i] for s in series)] for i, label in enumerate(labels)]
    return Chart(slug, title, svg, header, rows)


def strict_svg(drawn: str, slug: str, names: Sequence[str], unit: str) -> str:
    """pygal's SVG without inline style, script or style attributes; with an accessible name
    and a <title> (the browser's own tooltip) on every bar and point."""
    root = ET.fromstring(drawn)
    for parent in list(root.iter()):
        for child in list(parent):
            if (
                child.tag in (f"{{{SVG}}}defs", f"{{{SVG}}}script", f"{{{SVG}}}style")
                or "tooltip" in child.get("class", "").split()
            ):
                parent.remove(child)
    for element in root.iter():
        element.attrib.pop("style", None)
        if element.get("id", "").startswith("activate-serie") or element.get("id") == "":
            element.attrib.pop("id", None)
    paint(root, PALETTE)
    _label(root, slug)
    _tooltips(root, names, unit)
    return ET.tostring(root, encoding="unicode")


def _label(root: ET.Element, slug: str) -> None:
    root.set("role", "img")
    root.set("class", "pygal-chart chart")
    title = root.find(f"{{{SVG}}}title")
    if title is not None:
        title.set("id", f"chart-{slug}-title")
        root.set("aria-labelledby", f"chart-{slug}-title")


def _tooltips(root: ET.Element, names: Sequence[str], unit: str) -> None:
    for group in root.iter(f"{{{SVG}}}g"):
        classes = group.get("class", "").split()
        index = next((int(c[6:]) for c in classes if re.fullmatch(r"serie-\d+", c)), None)
        if index is None or index >= len(names):
            continue
        for point in group.iter(f"{{{SVG}}}g"):
            value = point.find(f"{{{SVG}}}desc[@class='value']")
            label = point.find(f"{{{SVG}}}desc[@class='x_label']")
            if value is None:
                continue
            where = "" if label is None else f"{label.text}: "
            tip = ET.SubElement(point, f"{{{SVG}}}title")
            tip.text = f"{names[index]}: {where}{value.text}"

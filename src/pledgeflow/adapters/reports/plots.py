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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pygal
from pygal.graph.graph import Graph
from pygal.style import Style

from pledgeflow.adapters.exporters.cells import csv_text
from pledgeflow.adapters.reports.chart_memo import remembered
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
    title_font_size=15,
    legend_font_size=13,
    label_font_size=13,
    major_label_font_size=13,
    tooltip_font_size=13,
    value_font_size=13,
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
        """Every cell through the exporters' writer: text a spreadsheet would run as a
        formula (a label starting with `=`, `+`, `-`, `@`) is neutralised."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([csv_text(cell) for cell in self.header])
        writer.writerows([csv_text(cell) for cell in row] for row in self.rows)
        return out.getvalue().encode("utf-8")


def amount_text(value: float) -> str:
    if abs(value) >= 1e9:
        return f"{value / 1e9:,.2f} bn"
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.1f} M"
    if abs(value) >= 1e4:
        return f"{value / 1e3:,.0f} k"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


CANVAS_WIDTH = 420
Number = Callable[[float], str]
"""How a chart writes its values on axes and in tooltips."""


def axis_text(number: Number, value: float) -> str:
    """An axis tick: millions and billions shortened, so that ticks of large amounts do not run
    into each other on a narrow canvas; tooltips keep the full figure."""
    if abs(value) >= 1e9:
        return f"{value / 1e9:,.4g} bn"
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.4g} M"
    return number(value)


def _config(chart: Graph[Any, Any, Any], title: str, unit: str, rows: int, number: Number) -> None:
    chart.config(
        title=title,
        style=_STYLE,
        js=[],
        no_prefix=True,
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        margin_bottom=28,
        # Narrow, so that a phone's 350 px card shows the 13-unit labels at about 11 px; a
        # desktop card scales it up (issue 14: charts readable at 390 px).
        width=CANVAS_WIDTH,
        height=max(300, 120 + 18 * rows),
        value_formatter=lambda v: axis_text(number, v) + ("%" if unit == "%" else ""),
        formatter=lambda v: f"{number(v)} {unit}".strip(),
        max_scale=7,
        truncate_label=28,
        truncate_legend=36,
        print_zeroes=False,
    )


@remembered
def bar(
    slug: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    stacked: bool = False,
    number: Number = amount_text,
) -> Chart:
    """Horizontal bars, one row per label; stacked bars add the series along the row."""
    kind = pygal.HorizontalStackedBar if stacked else pygal.HorizontalBar
    chart = kind()
    _config(chart, title, unit, len(labels) * (2 if stacked else 1 + len(series)), number)
    chart.x_labels = list(reversed(labels))  # pygal draws the first row at the bottom
    for s in series:
        chart.add(s.name, [float(v) for v in reversed(s.values)])
    return _finish(slug, title, chart, labels, series, unit)


@remembered
def line(
    slug: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    floor_peak: float = 0.0,
    number: Number = amount_text,
) -> Chart:
    """One line per series over shared x labels (months, weeks); a few labels are printed.
    The y axis runs from zero to the largest value or `floor_peak` (e.g. 100 so a
    utilisation chart always shows the full-capacity line), in quarters."""
    chart = pygal.Line()
    _config(chart, title, unit, 8, number)
    peak = max([floor_peak, *(float(v) for s in series for v in s.values)])
    if peak < 1e-9:  # nothing to draw (or dust): pygal cannot scale a range that small
        peak = 1.0
    # pygal spaces points by (labels - 1): a one-point series (a one-week horizon) gets an
    # empty second place so it is drawn as a dot instead of dividing by zero.
    padding: list[float | None] = [None] if len(labels) == 1 else []
    _over_time(chart, [*labels, *([""] * len(padding))])
    chart.config(dots_size=3, range=(0.0, peak), y_labels=[peak * tick / 4 for tick in range(5)])
    for s in series:
        chart.add(s.name, [*(float(v) for v in s.values), *padding])
    return _finish(slug, title, chart, labels, series, unit)


@remembered
def columns(
    slug: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    number: Number = amount_text,
) -> Chart:
    """Upright bars stacked per x label (periods), the series added up each column: a long
    run of periods stays one screen wide, where horizontal bars would grow a row each."""
    chart = pygal.StackedBar()
    _config(chart, title, unit, 8, number)
    _over_time(chart, labels)
    for s in series:
        chart.add(s.name, [float(v) for v in s.values])
    return _finish(slug, title, chart, labels, series, unit)


def _over_time(chart: Graph[Any, Any, Any], labels: Sequence[str]) -> None:
    """Shared x labels (dates, weeks), slanted, about eight of them printed."""
    chart.config(
        x_label_rotation=30,
        show_minor_x_labels=False,
        x_labels_major_every=max(1, len(labels) // 8),
    )
    chart.x_labels = list(labels)


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
    _polylines(root)
    _tooltips(root, names, unit)
    return ET.tostring(root, encoding="unicode")


def _label(root: ET.Element, slug: str) -> None:
    root.set("role", "img")
    root.set("class", "pygal-chart chart")
    title = root.find(f"{{{SVG}}}title")
    if title is not None:
        title.set("id", f"chart-{slug}-title")
        root.set("aria-labelledby", f"chart-{slug}-title")
        root.set("aria-label", title.text or "")


def _polylines(root: ET.Element) -> None:
    """A series' line as a <polyline> of its points rather than a path: the same drawing,
    and its points can be read back (and checked) as numbers."""
    for parent in root.iter():
        for index, child in enumerate(list(parent)):
            classes = child.get("class", "").split()
            if child.tag != f"{{{SVG}}}path" or not {"line", "nofill"} <= set(classes):
                continue
            numbers = re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", child.get("d", ""))
            pairs = zip(numbers[::2], numbers[1::2], strict=True)
            attributes = {k: v for k, v in child.attrib.items() if k != "d"}
            attributes["points"] = " ".join(f"{x},{y}" for x, y in pairs)
            parent.remove(child)
            parent.insert(index, ET.Element(f"{{{SVG}}}polyline", attributes))
    _single_points(root)


def _single_points(root: ET.Element) -> None:
    """pygal draws no line through fewer than two points; such a series still gets its
    polyline (of its one point), so every series of a line chart has exactly one."""
    plots = [g for g in root.iter(f"{{{SVG}}}g") if g.get("class", "").split()[:1] == ["plot"]]
    drawn = next((g for g in plots if g.get("class") == "plot"), None)
    overlay = next((g for g in plots if "overlay" in g.get("class", "").split()), None)
    if drawn is None or overlay is None or "line-graph" not in _graph_classes(root):
        return
    dots = {g.get("class"): g for g in overlay.findall(f"{{{SVG}}}g")}
    for group in drawn.findall(f"{{{SVG}}}g"):
        if "series" not in group.get("class", "").split():
            continue
        if group.find(f"{{{SVG}}}polyline") is not None:
            continue
        circles = dots.get(group.get("class"), ET.Element("g")).iter(f"{{{SVG}}}circle")
        points = " ".join(f"{c.get('cx')},{c.get('cy')}" for c in circles)
        group.append(ET.Element(f"{{{SVG}}}polyline", {"points": points, "fill": "none"}))


def _graph_classes(root: ET.Element) -> set[str]:
    graph = next((g for g in root.iter(f"{{{SVG}}}g") if "graph" in g.get("class", "")), None)
    return set() if graph is None else set(graph.get("class", "").split())


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
            where = "" if label is None else f"{label.text} · "
            tip = ET.SubElement(point, f"{{{SVG}}}title")
            tip.text = f"{where}{names[index]}: {value.text}"

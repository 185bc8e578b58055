"""pygal's style sheet turned into SVG presentation attributes, element by element.

pygal styles its drawing with an inline <style> keyed on classes. A strict
Content-Security-Policy refuses inline styles (elements and attributes alike), but not SVG
presentation attributes (`fill`, `stroke`, `font-size`, …), which are part of the drawing.
So each rule of pygal's sheet that changes what a still chart looks like is applied here as
attributes: the chart is then self-contained, the same on a strict page, in a report file
and in print, with no style sheet to serve. Hover effects (pygal's JavaScript) are left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

NS = "{http://www.w3.org/2000/svg}"
FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif'
INK = "#1d232a"
SUBTLE = "#8a949e"
GUIDE = "#d5dbe1"


@dataclass(frozen=True, slots=True)
class Context:
    """What the ancestors of an element say about it: which axis, which part, which layout."""

    axis: str = ""
    legend: bool = False
    series: bool = False
    always_show: bool = False


def paint(root: ET.Element, palette: Sequence[str]) -> None:
    graph = next((g for g in root.iter(f"{NS}g") if "graph" in _classes(g)), None)
    horizontal = graph is not None and "horizontal" in _classes(graph)
    root.set("font-family", FONT)
    _walk(root, Context(), palette, horizontal)


def _classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def _walk(element: ET.Element, context: Context, palette: Sequence[str], horizontal: bool) -> None:
    classes = _classes(element)
    if "axis" in classes:
        axis = "x" if "x" in classes else "y"
        context = Context(axis=axis, always_show="always_show" in classes)
    if "legends" in classes:
        context = Context(legend=True)
    if "series" in classes:
        context = Context(series=True)
    _colour(element, classes, palette)
    tag = element.tag.removeprefix(NS)
    if tag == "text":
        _text(element, classes, context)
    elif tag in ("path", "rect", "circle"):
        _shape(element, classes, context, horizontal)
    for child in element:
        _walk(child, context, palette, horizontal)


def _colour(element: ET.Element, classes: set[str], palette: Sequence[str]) -> None:
    for name in classes:
        if name.startswith("color-") and name[6:].isdigit():
            colour = palette[int(name[6:]) % len(palette)]
            element.set("fill", colour)
            element.set("stroke", colour)


def _text(element: ET.Element, classes: set[str], context: Context) -> None:
    element.set("fill", INK)
    if "title" in classes:
        element.set("font-size", "16")
        element.set("font-weight", "600")
        element.set("text-anchor", "middle")
    elif context.legend:
        element.set("font-size", "13")
    elif context.axis:
        element.set("font-size", "13")
        if context.axis == "y":
            element.set("text-anchor", "end")
        else:
            element.set("text-anchor", "start" if element.get("transform") else "middle")
    elif "no_data" in classes:
        element.set("font-size", "24")
        element.set("text-anchor", "middle")


def _shape(element: ET.Element, classes: set[str], context: Context, horizontal: bool) -> None:
    if "background" in classes:
        element.set("fill", "#ffffff")
        return
    if "line" in classes and context.axis:
        element.set("fill", "none")
        element.set("stroke", GUIDE if "guide" in classes else SUBTLE)
        if "guide" in classes:
            element.set("stroke-dasharray", "4,4")
        hidden_axis = "y" if horizontal else "x"
        if context.axis == hidden_axis and not context.always_show and "guide" in classes:
            element.set("opacity", "0")
        return
    if "nofill" in classes:
        element.set("fill", "none")
        element.set("stroke-width", "2")
    if "reactive" in classes:
        element.set("fill-opacity", "0.85")
        element.set("stroke-opacity", "0.9")
        if "nofill" not in classes:
            element.set("stroke-width", "1")

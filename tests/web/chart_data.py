"""Reads a page's charts and their CSV downloads back, to check each file holds what its
chart draws: one column per drawn series (legend order) and one row per drawn label."""

from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from fastapi.testclient import TestClient

NS = "{http://www.w3.org/2000/svg}"
_FIGURE = re.compile(
    r'<figure class="card" id="([^"]+)">(<svg.*?</svg>)\s*<figcaption><a href="([^"]+)" download>',
    re.S,
)


@dataclass(frozen=True)
class Drawn:
    series: list[str]
    labels: int


def drawn(svg: str) -> Drawn:
    """The legend's series names and how many labels (rows or x points) the chart draws."""
    root = ET.fromstring(svg)
    legends = [g for g in root.iter(f"{NS}g") if g.get("class", "").startswith("legend ")]
    names = ["".join(t.itertext()) for g in legends for t in g.iter(f"{NS}text")]
    graph = next(g for g in root.iter(f"{NS}g") if g.get("class", "").startswith("graph "))
    if "horizontal" in graph.get("class", "").split():
        axis = next(g for g in root.iter(f"{NS}g") if g.get("class", "").startswith("axis y"))
        return Drawn(names, len(axis.findall(f"{NS}g")))
    if "bar-graph" in graph.get("class", ""):
        bars = next(g for g in root.iter(f"{NS}g") if g.get("class") == "bars")
        return Drawn(names, len(bars.findall(f"{NS}g")))
    dots = [len(g.findall(f"{NS}g[@class='dots']")) for g in root.iter(f"{NS}g")]
    return Drawn(names, max(dots))


def downloads(client: TestClient, page: str) -> dict[str, tuple[Drawn, list[list[str]]]]:
    """Every chart on `page` that links its data, with the rows its link serves."""
    found: dict[str, tuple[Drawn, list[list[str]]]] = {}
    for figure, svg, link in _FIGURE.findall(page):
        answer = client.get(html.unescape(link))
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("text/csv")
        found[figure] = (drawn(svg), list(csv.reader(io.StringIO(answer.text))))
    return found


def assert_matches(chart: Drawn, rows: list[list[str]]) -> None:
    header, body = rows[0], rows[1:]
    assert header[0] == "label"
    assert len(header) == 1 + len(chart.series)
    assert all(h.startswith(name) for h, name in zip(header[1:], chart.series, strict=True))
    assert len(body) == chart.labels

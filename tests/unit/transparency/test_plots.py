"""pygal charts made fit for a strict Content-Security-Policy: no inline style or script,
an accessible name, a tooltip per bar, and their data as CSV."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pledgeflow.adapters.reports.plots import PALETTE, Series, bar, columns, line

NS = "{http://www.w3.org/2000/svg}"


def test_bar_chart_has_no_inline_style_or_script_and_names_itself() -> None:
    chart = bar(
        "donors",
        "Value by donor <EUR>",
        ["Germany", "France & co"],
        [Series("committed", [1e6, 2e6]), Series("delivered", [5e5, 0])],
        unit="EUR",
        stacked=True,
    )
    root = ET.fromstring(chart.svg)
    assert all("style" not in e.attrib for e in root.iter())
    assert not list(root.iter(f"{NS}style"))
    assert not list(root.iter(f"{NS}script"))
    assert root.get("role") == "img"
    title = root.find(f"{NS}title")
    assert title is not None
    assert title.text == "Value by donor <EUR>"
    assert root.get("aria-labelledby") == title.get("id")
    tips = [t.text for t in root.iter(f"{NS}title") if t.text and "committed:" in t.text]
    assert sorted(tips) == ["France & co · committed: 2.0 M EUR", "Germany · committed: 1.0 M EUR"]
    assert chart.csv().decode().splitlines() == [
        "label,committed (EUR),delivered (EUR)",
        "Germany,1000000,500000",
        "France & co,2000000,0",
    ]


def test_chart_csv_neutralises_text_a_spreadsheet_would_run() -> None:
    chart = bar("x", "X", ["=HYPERLINK(1)", "-plain"], [Series("@s", [1.5, 2])])
    assert chart.csv().decode().splitlines() == ["label,'@s", "'=HYPERLINK(1),1.5", "'-plain,2"]


def test_charts_carry_their_look_as_attributes() -> None:
    """Series colours, white backgrounds and unfilled lines need no style sheet."""
    chart = line("m", "Monthly", ["2026-01", "2026-02"], [Series("a", [1, 2]), Series("b", [2, 1])])
    root = ET.fromstring(chart.svg)
    assert root.get("class") == "pygal-chart chart"
    groups = [g for g in root.iter(f"{NS}g") if "series" in g.get("class", "").split()]
    assert {g.get("fill") for g in groups} == {PALETTE[0], PALETTE[1]}
    backgrounds = [r for r in root.iter(f"{NS}rect") if r.get("class") == "background"]
    assert backgrounds
    assert all(r.get("fill") == "#ffffff" for r in backgrounds)
    lines = [p for p in root.iter(f"{NS}polyline") if "nofill" in p.get("class", "").split()]
    assert len(lines) == 2
    assert all(p.get("fill") == "none" for p in lines)


def test_line_chart_draws_one_polyline_per_series_up_to_the_floor() -> None:
    chart = line(
        "use", "Use", ["w1"], [Series("h1", [10.0]), Series("h2", [20.0])], unit="%", floor_peak=100
    )
    root = ET.fromstring(chart.svg)
    assert len(list(root.iter(f"{NS}polyline"))) == 2, "even through a single point"
    assert ">100%</text>" in chart.svg, "the axis reaches the floor"


def test_columns_stack_the_series_per_period_without_inline_style() -> None:
    chart = columns(
        "d",
        "Disbursed",
        ["2026-03-31", "2026-06-30"],
        [Series("USA", [1, 2]), Series("EU", [0.5, 0])],
    )
    root = ET.fromstring(chart.svg)
    graph = next(g for g in root.iter(f"{NS}g") if g.get("class", "").startswith("graph "))
    assert graph.get("class") == "graph stackedbar-graph vertical"
    assert all("style" not in e.attrib for e in root.iter())
    assert not list(root.iter(f"{NS}script"))
    tips = sorted(t.text or "" for t in root.iter(f"{NS}title") if "·" in (t.text or ""))
    assert tips == [
        "2026-03-31 · EU: 0.5",
        "2026-03-31 · USA: 1",
        "2026-06-30 · EU: 0",
        "2026-06-30 · USA: 2",
    ]
    assert chart.csv().decode().splitlines() == [
        "label,USA,EU",
        "2026-03-31,1,0.5",
        "2026-06-30,2,0",
    ]

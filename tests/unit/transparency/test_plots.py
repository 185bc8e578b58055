"""pygal charts made fit for a strict Content-Security-Policy: no inline style or script,
an accessible name, a tooltip per bar, and their data as CSV."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pledgeflow.adapters.reports.plots import SCOPE, Series, bar, line, stylesheet

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
    tips = [t.text for t in root.iter(f"{NS}title") if t.text and t.text.startswith("committed:")]
    assert sorted(tips) == ["committed: France & co: 2.0 M EUR", "committed: Germany: 1.0 M EUR"]
    assert chart.csv().decode().splitlines() == [
        "label,committed (EUR),delivered (EUR)",
        "Germany,1000000.0,500000.0",
        "France & co,2000000.0,0",
    ]


def test_line_chart_and_stylesheet() -> None:
    chart = line("m", "Monthly", ["2026-01", "2026-02"], [Series("a", [1, 2])])
    assert ET.fromstring(chart.svg).get("class") == "pygal-chart chart"
    css = stylesheet()
    assert all(rule.startswith(SCOPE) for rule in css.splitlines() if rule)
    assert ".color-0" in css
    assert "<style>" in chart.standalone()

"""The line chart draws every point inside its own view box, whatever the values."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pledgeflow.adapters.reports.charts import Series, line_chart

_VIEW = re.compile(r'viewBox="0 0 (\d+) (\d+)"')
_POINTS = re.compile(r'points="([^"]*)"')

values = st.lists(st.floats(min_value=0, max_value=1e7, allow_nan=False), min_size=1, max_size=40)


@given(st.lists(values, min_size=1, max_size=8), st.floats(min_value=0, max_value=200))
def test_points_stay_inside_the_view_box(rows: list[list[float]], floor: float) -> None:
    length = min(len(r) for r in rows)
    series = [Series(f"hub <{n}>", r[:length]) for n, r in enumerate(rows)]
    labels = [f"w{i}" for i in range(length)]
    svg = line_chart("Use & load", labels, series, unit="%", floor_peak=floor)
    view = _VIEW.search(svg)
    assert view is not None
    width, height = int(view.group(1)), int(view.group(2))
    lines = _POINTS.findall(svg)
    assert len(lines) == len(series)
    for line in lines:
        for point in line.split():
            x, y = (float(v) for v in point.split(","))
            assert 0 <= x <= width
            assert 0 <= y <= height
    assert "hub &lt;0&gt;" in svg
    assert "Use &amp; load" in svg


def test_the_floor_keeps_the_full_capacity_line_on_the_chart() -> None:
    svg = line_chart("use", ["a", "b"], [Series("h", [10.0, 20.0])], unit="%", floor_peak=100)
    assert ">100%</text>" in svg

"""Charts readable at 390 px (issue 14, point 9): drawn on a narrow canvas, so that scaled to
a phone's 350 px card their smallest text is still about 11 px, and in one number format."""

from __future__ import annotations

import re

from pledgeflow.adapters.reports.charts import Series, bar_chart, line_chart

PHONE_CARD_PX = 350


def _smallest_text_px(svg: str) -> float:
    width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', svg).group(1))  # type: ignore[union-attr]
    smallest = min(float(size) for size in re.findall(r'font-size="([0-9.]+)"', svg))
    return smallest * min(1.0, PHONE_CARD_PX / width)


def test_bar_and_line_charts_keep_their_text_readable_on_a_phone() -> None:
    bars = bar_chart(
        "Pledged vs delivered by donor, tonnes",
        ["Federal Republic of Germany", "POL"],
        [Series("pledged t", [13_000.0, 9_111.3]), Series("delivered t", [4.0, 0.0])],
        unit="t",
    )
    lines = line_chart(
        "Planned hub utilisation by week, % of capacity",
        [f"2026-W{n}" for n in range(1, 27)],
        [Series("HUB-RZE", [50.0] * 26), Series("HUB-CLJ", [80.0] * 26)],
        unit="%",
        floor_peak=100,
    )
    for svg in (bars, lines):
        assert _smallest_text_px(svg) >= 10.5


def test_chart_labels_use_the_surfaces_number_format() -> None:
    bars = bar_chart("t", ["a", "b"], [Series("s", [13_000.0, 9_111.3])])
    assert ">13,000<" in bars
    assert ">9,111.3<" in bars
    assert " k<" not in bars

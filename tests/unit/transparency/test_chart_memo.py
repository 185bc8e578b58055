"""Charts drawn once per distinct data: the tracker redraws every chart after any change, and
only those whose figures changed may cost a drawing."""

from __future__ import annotations

from pledgeflow.adapters.reports.plots import Series, bar, line


def test_equal_arguments_give_the_chart_drawn_before() -> None:
    first = bar("memo-a", "A", ["x", "y"], [Series("s", [1.0, 2.0])], unit="EUR")
    again = bar("memo-a", "A", ("x", "y"), [Series("s", (1.0, 2.0))], unit="EUR")
    assert again is first


def test_other_figures_draw_another_chart() -> None:
    first = bar("memo-b", "B", ["x", "y"], [Series("s", [1.0, 2.0])], unit="EUR")
    changed = bar("memo-b", "B", ["x", "y"], [Series("s", [1.0, 3.0])], unit="EUR")
    assert changed is not first
    assert changed.rows == [["x", 1.0], ["y", 3.0]]
    assert changed.svg != first.svg
    stacked = bar("memo-b", "B", ["x", "y"], [Series("s", [1.0, 2.0])], unit="EUR", stacked=True)
    assert stacked is not first


def test_lines_are_kept_apart_from_bars_with_the_same_arguments() -> None:
    drawn = line("memo-c", "C", ["2024-01", "2024-02"], [Series("s", [1.0, 2.0])])
    assert drawn is line("memo-c", "C", ["2024-01", "2024-02"], [Series("s", [1.0, 2.0])])
    assert drawn is not bar("memo-c", "C", ["2024-01", "2024-02"], [Series("s", [1.0, 2.0])])

"""The one number format every surface uses (issue 14, point 6)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pledgeflow.domain import number_formats as nf


def test_indivisible_quantities_are_whole_and_divisible_ones_lose_their_dust() -> None:
    assert nf.quantity(99_999.96) == "100,000"
    assert nf.quantity(2.4, divisible=False) == "2"
    assert nf.quantity(0.002) == "< 0.1"
    assert nf.quantity(9_111.34) == "9,111.3"
    assert nf.quantity_with_unit(361_053, "l") == "361,053 l"


def test_one_format_with_thousands_separators_never_k() -> None:
    assert nf.chart_value(13_000) == "13,000"
    assert nf.chart_value(13_456.78) == "13,456.8"
    assert nf.tonnes(Decimal("1234.56")) == "1,234.6 t"
    assert nf.percent(0.485) == "48.5 %"


def test_a_gap_is_an_upper_bound_never_zero() -> None:
    assert nf.gap_percent(0.0004) == "0.1 %"
    assert nf.gap_percent(0.0234) == "2.4 %"


def test_the_value_of_capacity_says_its_unit() -> None:
    assert nf.capacity_value(0.25, "priority_1") == "25.00 % of a priority 1 requirement filled"
    assert nf.capacity_value(3.5, "lateness") == "3.5 weighted days late fewer"
    assert nf.capacity_value(0.0, "") == "no gain"


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_a_quantity_reads_back_within_its_shown_precision(value: float) -> None:
    text = nf.quantity(value)
    if text == "< 0.1":
        assert value < nf.DUST
    else:
        assert abs(float(text.replace(",", "")) - value) <= max(0.05, 1e-6 * value) + 1e-9


def test_records_show_what_was_entered_with_separators() -> None:
    assert nf.recorded(Decimal("12345.125")) == "12,345.125"
    assert nf.recorded(Decimal("1E+1")) == "10"
    assert nf.money(Decimal("54000.1")) == "54,000.10"

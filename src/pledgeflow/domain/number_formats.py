"""How every surface writes a number: the CLI, the UI, the API's text fields and report.html.

One function per kind of figure, so a figure reads the same wherever it appears: thousands
separators always, never "13 k" beside "9,111.3"; a quantity carries its unit, and one of an
indivisible item is whole; divisible quantities get one decimal, and the solver's rounding dust
(99,999.96 of 100,000, or 0.002 planned) does not show as if it were a real difference.
"""

from __future__ import annotations

import math
from decimal import Decimal

Number = float | int | Decimal

DUST = 0.05
"""Below this a divisible quantity rounds to zero at one decimal; it is written "< 0.1"."""
_RELATIVE_DUST = 1e-6
"""A quantity within a millionth of a whole number is that number (the LP's tolerances)."""


def _whole_enough(value: float) -> bool:
    return abs(value - round(value)) <= max(DUST, _RELATIVE_DUST * abs(value))


def count(value: int) -> str:
    """A number of things (requirements, lines, entries)."""
    return f"{value:,}"


def quantity(value: Number, *, divisible: bool = True) -> str:
    """A quantity in an item's own unit, without the unit: whole for an indivisible item (the
    plan allocates those in whole units; anything else is float noise), else one decimal,
    shown whole where it is whole up to the solver's tolerance."""
    v = float(value)
    if not math.isfinite(v):
        return "–"
    if not divisible:
        return f"{round(v):,}"
    if 0 < abs(v) < DUST:
        return "< 0.1"
    return f"{round(v):,}" if _whole_enough(v) else f"{v:,.1f}"


def recorded(value: Decimal) -> str:
    """A quantity as a record holds it (3 places at most), exact, thousands separated: lists
    of records show what was entered, figures (`quantity`) what it amounts to."""
    return format(value.normalize(), ",f")


def quantity_with_unit(value: Number, unit: str, *, divisible: bool = True) -> str:
    return f"{quantity(value, divisible=divisible)} {unit}".rstrip()


def tonnes(value: Number) -> str:
    return f"{float(value):,.1f} t"


def tonnes_per_day(value: Number) -> str:
    return f"{float(value):,.1f} t/day"


def percent(fraction: Number) -> str:
    """A fraction (0.485) as a percentage with one decimal ("48.5 %")."""
    return f"{float(fraction) * 100:,.1f} %"


def gap_percent(fraction: Number) -> str:
    """An optimality gap as an upper bound at one decimal: 0.0004 is "0.1 %", never "0.0 %"
    (which would read as proven optimal)."""
    return f"{math.ceil(float(fraction) * 1000) / 10:,.1f} %"


def percent_value(fraction: Number) -> float:
    """The number `percent` writes, for charts that draw it (so bar and label agree)."""
    return round(float(fraction) * 100, 1)


def days(value: Number) -> str:
    v = float(value)
    return f"{v:,.1f} days" if not _whole_enough(v) else f"{round(v):,} days"


def euros(value: Number) -> str:
    return f"{float(value):,.0f} EUR"


def money(value: Decimal) -> str:
    """An amount as recorded, to the cent, thousands separated (no unit: the column names it)."""
    return f"{value:,.2f}"


def chart_value(value: Number) -> str:
    """A bar's or an axis tick's label: the surface's own format, thousands separated."""
    v = float(value)
    return f"{round(v):,}" if _whole_enough(v) else f"{v:,.1f}"


def capacity_value(value: float, criterion: str) -> str:
    """The dual value of one more tonne per day at a hub over the horizon, with what it is
    measured in: a priority tier's criterion is its sum of fill fractions (1 = one whole
    requirement filled), lateness is weighted days late per required unit (DESIGN §5)."""
    if criterion == "not computed":
        return "not computed (the plan stopped before any stage priced the hubs)"
    if not criterion or value == 0:
        return "no gain"
    size = abs(value)
    if criterion.startswith("priority_"):
        tier = criterion.removeprefix("priority_")
        return f"{size * 100:,.2f} % of a priority {tier} requirement filled"
    if criterion == "lateness":
        return f"{size:,.3g} weighted days late fewer"
    return f"{size:,.3g} less {criterion}"

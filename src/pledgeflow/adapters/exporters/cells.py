"""How one value is written: as CSV text, or as a typed spreadsheet cell.

The text forms are the ones the importer reads back unchanged: decimals in plain notation
without trailing zeros, ISO dates, `true`/`false`, blank for None.

Text in a CSV cell that a spreadsheet would evaluate as a formula (it starts with `=`, `+`,
`-`, `@`, a tab or a carriage return; OWASP's CSV injection guidance) is written with a
leading `'`, which spreadsheets show as text; so is text that already starts with `'`, so
that the importer, which removes one such quote, reads every cell back exactly.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum

SPREADSHEET_DIGITS = 15
"""Significant digits a spreadsheet number holds exactly; longer decimals are written as text."""

_FLOAT_EXPONENTS = range(-300, 300)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def neutralised(text: str) -> str:
    """`text` as a CSV cell no spreadsheet evaluates."""
    return _QUOTE + text if text.startswith((*FORMULA_TRIGGERS, _QUOTE)) else text


def restored(cell: str) -> str:
    """The text a `neutralised` cell stands for; any other cell is left as it is."""
    if cell.startswith(_QUOTE) and cell[1:].startswith((*FORMULA_TRIGGERS, _QUOTE)):
        return cell[1:]
    return cell


def plain_decimal(number: Decimal) -> str:
    """`number` in plain notation, without trailing zeros: 1E+1 → "10", 2.500 → "2.5".

    Decimal.normalize would round to the context's 28 digits; trimming the fixed-point text
    keeps every digit the value has.
    """
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def csv_text(value: object) -> str:
    """The text of `value` in a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, float):
        return plain_decimal(Decimal(repr(value)))
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return neutralised(str(value))


def sheet_value(value: object) -> object:
    """The value to store in a spreadsheet cell: numbers and dates stay typed where exact.

    A Decimal becomes a number only if a spreadsheet's binary float keeps all its digits;
    otherwise it is stored as its text, which reads back exactly.
    """
    if value is None or isinstance(value, bool | int | float | dt.date):
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return float(value) if _fits_float(value) else plain_decimal(value)
    return str(value)


def _fits_float(number: Decimal) -> bool:
    if not number.is_finite():
        return False
    digits = number.as_tuple().digits
    significant = len("".join(map(str, digits)).strip("0")) or 1
    return significant <= SPREADSHEET_DIGITS and number.adjusted() in _FLOAT_EXPONENTS

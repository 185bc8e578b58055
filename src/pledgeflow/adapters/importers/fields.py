"""Typed reading of one row's cells that records every problem instead of stopping at the first.

Each accessor either returns the parsed value, or records a problem and returns a harmless
stand-in of the right type, so that a row builder evaluates every field of the row and the user
learns of all its mistakes at once. `build` then discards the row if anything was recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import TypeVar, cast

from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.adapters.importers.raw_tables import RawRow
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.parties import Role
from pledgeflow.domain.text_rules import NAME, TextRule

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_STAND_IN_DATE = dt.date(2000, 1, 1)
_INTEGER_DIGITS = 9


@dataclass(frozen=True, slots=True)
class NumberRule:
    """What a number column may hold: its sign, and what storage keeps of it.

    Storage keeps `places` decimals and `whole_digits` digits before the point; checking both
    here reports every such mistake of a row at once instead of the first the domain meets.
    """

    positive: bool
    places: int
    whole_digits: int


QUANTITY = NumberRule(positive=True, places=3, whole_digits=15)
AMOUNT = NumberRule(positive=False, places=3, whole_digits=15)
MONEY = NumberRule(positive=False, places=2, whole_digits=18)


class RowFields:
    """The cells of one row by column name, for one table, with the problems found so far."""

    def __init__(
        self, table: str, row: RawRow, index: Mapping[str, int], problems: list[ImportProblem]
    ) -> None:
        self.table = table
        self.row = row
        self._index = index
        self._problems = problems
        self.failed = False
        width = len(row.cells)
        self._values = {
            column: row.cells[position] for column, position in index.items() if position < width
        }

    def raw(self, column: str) -> str:
        """The cell's text, "" when blank or when the table lacks the column."""
        return self._values.get(column, "")

    def problem(self, column: str | None, value: str | None, reason: str) -> None:
        self.failed = True
        self._problems.append(ImportProblem(self.table, self.row.number, column, value, reason))

    def _required(self, column: str) -> str | None:
        """The cell's text, or None after recording that it is missing.

        A column absent from the header was already reported once for the whole table, so
        its rows are rejected without repeating that problem on every one of them.
        """
        value = self.raw(column)
        if value:
            return value
        if column in self._index:
            self.problem(column, value, "a value is required")
        else:
            self.failed = True
        return None

    def text(self, column: str, rule: TextRule = NAME) -> str:
        value = self._required(column)
        return "?" if value is None else self._checked_text(column, value, rule)

    def optional_text(self, column: str, rule: TextRule = NAME) -> str | None:
        value = self.raw(column)
        return self._checked_text(column, value, rule) if value else None

    def _checked_text(self, column: str, value: str, rule: TextRule) -> str:
        """The API's own rule (domain/text_rules.py), so both databases store exactly what
        passes here; the value is cut short in the report when it is long."""
        reason = rule.problem(value)
        if reason is None:
            return value
        shown = value if len(value) <= 40 else value[:40] + "…"
        self.problem(column, shown, reason)
        return "?"

    def decimal(self, column: str, rule: NumberRule) -> Decimal:
        value = self._required(column)
        parsed = None if value is None else self._decimal(column, value, rule)
        return Decimal(1) if parsed is None else parsed

    def optional_decimal(self, column: str, rule: NumberRule) -> Decimal | None:
        value = self.raw(column)
        return self._decimal(column, value, rule) if value else None

    def _decimal(self, column: str, value: str, rule: NumberRule) -> Decimal | None:
        number = number_text(value)
        if number is None:
            hint = " (use '.' for decimals)" if "," in value else ""
            self.problem(column, value, f"not a number{hint}")
            return None
        reason = None
        if rule.positive and number <= 0:
            reason = "must be greater than zero"
        elif number < 0:
            reason = "must not be negative"
        elif number and number.adjusted() >= rule.whole_digits:
            reason = f"too large: at most {rule.whole_digits} digits before the decimal point"
        elif decimal_places(number) > rule.places:
            reason = f"at most {rule.places} decimal places"
        if reason is not None:
            self.problem(column, value, reason)
            return None
        return number

    def integer(
        self, column: str, low: int, high: int | None = None, default: int | None = None
    ) -> int:
        """A whole number in low..high; without a `default` the value is required."""
        value = self.raw(column) if default is not None else self._required(column)
        stand_in = low if default is None else default
        if not value:
            return stand_in
        number = number_text(value)
        if number is not None and number and number.adjusted() >= _INTEGER_DIGITS:
            number = None
        if number is None or number != number.to_integral_value():
            self.problem(column, value, "not a whole number")
            return stand_in
        if number < low or (high is not None and number > high):
            allowed = f"from {low} to {high}" if high is not None else f"{low} or more"
            self.problem(column, value, f"must be {allowed}")
            return stand_in
        return int(number)

    def date(self, column: str) -> dt.date:
        value = self._required(column)
        if value is None:
            return _STAND_IN_DATE
        try:
            if not _DATE.fullmatch(value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problem(column, value, "not a date written YYYY-MM-DD")
            return _STAND_IN_DATE

    def boolean(self, column: str, default: bool) -> bool:
        value = self.raw(column)
        parsed = boolean_text(value, default)
        if parsed is None:
            self.problem(column, value, "not true/false (yes/no and 1/0 are accepted too)")
            return default
        return parsed

    def enum(self, column: str, kind: type[E], default: E | None = None) -> E:
        """A member of `kind`, matched without regard to case (`Hub` is `hub`)."""
        value = self.raw(column) if default is not None else self._required(column)
        if not value:
            return default if default is not None else next(iter(kind))
        member = enum_member(kind, value)
        if member is None:
            allowed = ", ".join(str(option.value) for option in kind)
            self.problem(column, value, f"not one of: {allowed}")
            return default if default is not None else next(iter(kind))
        return member

    def optional_enum(self, column: str, kind: type[E]) -> E | None:
        """A member of `kind`, or None when the cell is blank."""
        return self.enum(column, kind) if self.raw(column) else None

    def roles(self, column: str) -> frozenset[Role]:
        """The `;`-separated roles; every unknown one is reported, empty entries are skipped."""
        value = self._required(column)
        if value is None:
            return frozenset({Role.DONOR})
        roles, unknown = parse_roles(value)
        if unknown:
            allowed = ", ".join(role.value for role in Role)
            self.problem(column, value, f"unknown role {', '.join(unknown)}; roles are: {allowed}")
        return roles

    def build(self, make: Callable[[], T]) -> T | None:
        """The record `make` constructs, or None if any field or domain rule failed.

        A domain rule broken only because of a stand-in value is not reported: the field's
        own problem already explains the row.
        """
        try:
            record = make()
        except DomainError as error:
            if not self.failed:
                self.problem(error.field, self.raw(error.field), error.reason)
            return None
        return None if self.failed else record


def boolean_text(text: str, default: bool) -> bool | None:
    """true/false, yes/no or 1/0 in any case; blank gives `default`, anything else None."""
    return _BOOLEANS.get(text.casefold()) if text else default


def number_text(text: str) -> Decimal | None:
    """The number written in `text` (plain or exponent notation), or None if it is not one."""
    return Decimal(text) if _NUMBER.fullmatch(text) else None


def decimal_places(number: Decimal) -> int:
    """Decimals after the point once trailing zeros are dropped: 2.50 → 1, 1E+3 → 0.

    Counted on the digits themselves, since Decimal.normalize would round long values first.
    """
    _sign, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -exponent - trailing_zeros)


def enum_member(kind: type[E], text: str) -> E | None:
    """The member of `kind` whose value is `text`, ignoring case."""
    member = _members_by_folded_value(kind).get(text.casefold())
    return cast("E | None", member)


@cache
def _members_by_folded_value(kind: type[Enum]) -> dict[str, Enum]:
    return {str(member.value).casefold(): member for member in kind}


def parse_roles(text: str) -> tuple[frozenset[Role], list[str]]:
    """The roles named in `text` and the entries that name no role."""
    roles: set[Role] = set()
    unknown: list[str] = []
    for entry in (part.strip() for part in text.split(";")):
        if entry:
            role = enum_member(Role, entry)
            if role is None:
                unknown.append(repr(entry))
            else:
                roles.add(role)
    return frozenset(roles), unknown

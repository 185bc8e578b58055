"""Constrained field types shared by the input schemas.

Each constraint mirrors a storage limit or a domain rule, so a request the schema accepts is
one the database can store: text without control characters and never blank, at most the
column's length; decimals written as strings (JSON numbers are binary floats) with at most
the places storage keeps.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    WithJsonSchema,
)

from pledgeflow.domain.text_rules import CODE, KEY, NAME, NOTE, UNIT, USER_NAME, TextRule

_POSITIVE = r"^([1-9][0-9]{0,14}(\.[0-9]{1,3})?|0\.(00[1-9]|0[1-9][0-9]?|[1-9][0-9]{0,2}))$"
_NON_NEGATIVE = r"^[0-9]{1,15}(\.[0-9]{1,3})?$"
_MONEY = r"^[0-9]{1,18}(\.[0-9]{1,2})?$"


def _encodable(value: str) -> str:
    value.encode("utf-8")
    return value


def _limits(rule: TextRule) -> Any:
    """The schema constraints of a text rule (domain/text_rules.py), the importer's too."""
    return Field(min_length=1, max_length=rule.max_chars, pattern=rule.pattern)


Code = Annotated[str, _limits(CODE), AfterValidator(_encodable)]
Key = Annotated[str, _limits(KEY), AfterValidator(_encodable)]
Name = Annotated[str, _limits(NAME), AfterValidator(_encodable)]
UserName = Annotated[str, _limits(USER_NAME), AfterValidator(_encodable)]
Unit = Annotated[str, _limits(UNIT), AfterValidator(_encodable)]
Password = Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_encodable)]
Note = Annotated[str, _limits(NOTE), AfterValidator(_encodable)]


def _decimal_text(pattern: str) -> BeforeValidator:
    def check(value: object) -> object:
        if not isinstance(value, str) or not re.fullmatch(pattern, value):
            raise ValueError(f"a decimal written as a string matching {pattern}")
        return value

    return BeforeValidator(check)


def _decimal(pattern: str, description: str) -> object:
    return WithJsonSchema({"type": "string", "pattern": pattern, "description": description})


PositiveQuantity = Annotated[
    Decimal, _decimal_text(_POSITIVE), _decimal(_POSITIVE, "greater than 0, 3 places at most")
]
Quantity = Annotated[
    Decimal, _decimal_text(_NON_NEGATIVE), _decimal(_NON_NEGATIVE, "0 or more, 3 places at most")
]
Money = Annotated[
    Decimal, _decimal_text(_MONEY), _decimal(_MONEY, "EUR, 0 or more, 2 places at most")
]
Integer = Annotated[int, Strict()]
"""A JSON integer and nothing else: lax mode would take `true` as 1 (schemathesis sent
`"horizon_days": true` and the API made a one-day plan)."""
Flag = Annotated[bool, Strict()]
"""A JSON boolean and nothing else (lax mode would take 1, "yes" or "on")."""
Days = Annotated[Integer, Field(ge=0, le=3650)]


class Input(BaseModel):
    """Base of every request body: unknown fields are an error (no mass assignment)."""

    model_config = ConfigDict(extra="forbid")


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int

"""Problems turned into messages next to the form fields they concern.

Schema errors name their field by location; domain errors carry their field; a service's
`Rejected` problems are written "field: reason". Whatever names no field of the form is shown
above it (key ""), so no problem is ever dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError

from pledgeflow.domain.errors import DomainError
from pledgeflow.service.errors import Rejected, ServiceError
from pledgeflow.service.records import Conflict

_PLAIN = {
    "decimal written as a string": "a number, with at most 3 decimal places (2 for money)",
    "String should match pattern": "must not be blank or hold control characters",
    "Input should be a valid date": "a date, YYYY-MM-DD",
}


def _plain(message: str) -> str:
    for fragment, plain in _PLAIN.items():
        if fragment in message:
            return plain
    return message.removeprefix("Value error, ")


def _add(errors: dict[str, str], field: str, reason: str, fields: Iterable[str]) -> None:
    key = field if field in fields else ""
    text = reason if key else (f"{field}: {reason}" if field else reason)
    errors[key] = f"{errors[key]}; {text}" if key in errors else text


def schema_errors(error: ValidationError, fields: Iterable[str]) -> dict[str, str]:
    names = set(fields)
    errors: dict[str, str] = {}
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        _add(errors, field, _plain(str(problem["msg"])), names)
    return errors


def service_errors(
    error: ServiceError | DomainError, fields: Iterable[str], *, key_field: str = "id"
) -> dict[str, str]:
    """`key_field` takes a Conflict (the key already exists)."""
    names = set(fields)
    errors: dict[str, str] = {}
    if isinstance(error, DomainError):
        _add(errors, error.field, error.reason, names)
    elif isinstance(error, Rejected):
        for problem in error.problems:
            field = getattr(problem, "column", None)
            reason = getattr(problem, "reason", None)
            if field is None or reason is None:
                field, sep, reason = str(problem).partition(": ")
                if not sep:
                    field, reason = "", str(problem)
            _add(errors, field, reason, names)
    elif isinstance(error, Conflict):
        _add(errors, key_field, str(error), names)
    else:
        _add(errors, "", str(error), names)
    return errors

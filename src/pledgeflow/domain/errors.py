"""Errors the domain raises when a rule would be broken."""

from __future__ import annotations


class DomainError(ValueError):
    """A rule of the domain was about to be broken; the message names record, field, reason."""

    def __init__(self, record: str, field: str, reason: str) -> None:
        super().__init__(f"{record}: {field}: {reason}")
        self.record = record
        self.field = field
        self.reason = reason


class IllegalTransition(DomainError):
    """A status change that the lifecycle does not allow."""

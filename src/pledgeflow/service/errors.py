"""Errors a person can act on: the CLI and the API show them as one clear line, never a trace."""

from __future__ import annotations

from collections.abc import Sequence


class ServiceError(Exception):
    """A request that cannot be carried out as asked; nothing was changed."""


class NotInitialised(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class Rejected(ServiceError):
    """Input with problems; `problems` lists every one so the user can fix them all at once."""

    def __init__(self, message: str, problems: Sequence[object]) -> None:
        super().__init__(message)
        self.problems = list(problems)

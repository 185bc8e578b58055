"""Overlays: a list of typed change records applied, in order, to an immutable snapshot.

What-if questions (a donor withdraws, a hub closes, revenues lapse) never touch the records:
each change is a small frozen record that checks itself against the snapshot as the changes
before it left it, and returns a new snapshot. Every defect of every change is collected before
anything is returned, each naming the change (its position and text), the field and the reason,
so a bad scenario is refused as a whole. The snapshot type is generic: the goods scenarios of
`domain/scenarios.py` and money scenarios share this fold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from pledgeflow.domain.errors import DomainError

S = TypeVar("S")
S_contra = TypeVar("S_contra", contravariant=True)


@dataclass(frozen=True, slots=True)
class Problem:
    """One defect of a change: which field, and why."""

    field: str
    reason: str


class Change(Protocol[S]):
    """A typed change record: `text()` is how people write it, e.g. "withdraw USA"."""

    def text(self) -> str: ...

    def problems(self, snapshot: S) -> list[Problem]: ...

    def apply(self, snapshot: S) -> S: ...


class ChangeError(DomainError):
    """One change cannot be applied; the record is "change N (its text)"."""

    def __init__(self, position: int, text: str, field: str, reason: str) -> None:
        super().__init__(f"change {position} ({text})", field, reason)
        self.position = position


class OverlayError(ValueError):
    """Every defect of every change of a scenario, found before any was applied."""

    def __init__(self, errors: list[ChangeError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


def apply_changes(snapshot: S, changes: Sequence[Change[S]]) -> S:
    """The snapshot with every change applied in order; raises OverlayError naming each defect.

    A change is checked against the snapshot the changes before it produced (so `add R` then
    `priority R 1` works); a defective change is skipped so the later ones are still checked."""
    errors: list[ChangeError] = []
    current = snapshot
    for position, change in enumerate(changes, start=1):
        found = change.problems(current)
        if found:
            errors.extend(ChangeError(position, change.text(), p.field, p.reason) for p in found)
            continue
        current = change.apply(current)
    if errors:
        raise OverlayError(errors)
    return current

"""Setting what the tracker needs beyond the records: fair-share targets and course values.

Each setting is one audited command. Bad input is refused naming the record, the field and
the reason, and nothing is written.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pledgeflow.domain.burden_sharing import Target
from pledgeflow.domain.errors import DomainError
from pledgeflow.service.errors import NotFound
from pledgeflow.service.unit_of_work import UnitOfWork


def check_target(target: Target) -> None:
    record = f"fair-share target {target.period!r}"
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,32}", target.period):
        raise DomainError(
            record, "period", "must be 1 to 32 letters, digits, '.', '_' or '-' (e.g. 2026-H1)"
        )
    if target.end < target.start:
        raise DomainError(record, "end", f"{target.end} is before the start {target.start}")
    if (target.amount_eur is None) == (target.gdp_share is None):
        raise DomainError(record, "amount_eur", "give either an amount or a share of GDP")
    if target.amount_eur is not None and target.amount_eur < 0:
        raise DomainError(record, "amount_eur", "must not be negative")
    if target.gdp_share is not None and not Decimal(0) <= target.gdp_share < 1:
        raise DomainError(record, "gdp_share", "must be a fraction from 0 to 1, e.g. 0.0025")


def set_target(uow: UnitOfWork, target: Target) -> bool:
    """Store or replace the target of a period; False when it was already so."""
    check_target(target)
    with uow:
        changed = uow.transparency.set_target(target)
        uow.commit("set_fair_share_target")
    return changed


def set_course_value(uow: UnitOfWork, course: str, value_per_seat_eur: Decimal) -> bool:
    record = f"course {course!r}"
    if value_per_seat_eur < 0:
        raise DomainError(record, "value_per_seat_eur", "must not be negative")
    if value_per_seat_eur != value_per_seat_eur.quantize(Decimal("0.01")):
        raise DomainError(record, "value_per_seat_eur", "has more than 2 decimal places")
    with uow:
        if uow.training.course(course) is None:
            raise NotFound(f"{record} does not exist")
        changed = uow.transparency.set_course_value(course, value_per_seat_eur)
        uow.commit("set_course_value")
    return changed

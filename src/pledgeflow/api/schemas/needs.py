"""Requirements and pledges: the two kinds of record that can be restricted."""

from __future__ import annotations

import datetime as dt

from pydantic import MISSING, BaseModel, Field

from pledgeflow.api.schemas.fields import (
    Code,
    Input,
    Integer,
    Key,
    Money,
    Note,
    PositiveQuantity,
)
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.requirements import Requirement


class RequirementCreate(Input):
    id: Key
    item: Key
    quantity: PositiveQuantity
    priority: Integer = Field(ge=1, le=5)
    needed_by: dt.date
    destination: Key
    releasability: Releasability = Releasability.PUBLIC
    notes: Note | None = None

    def to_domain(self) -> Requirement:
        return Requirement(**self.model_dump())


class RequirementUpdate(Input):
    quantity: PositiveQuantity | MISSING = MISSING
    priority: Integer | MISSING = Field(default=MISSING, ge=1, le=5)
    needed_by: dt.date | MISSING = MISSING
    destination: Key | MISSING = MISSING
    releasability: Releasability | MISSING = MISSING
    notes: Note | MISSING | None = MISSING


class RequirementPublic(BaseModel):
    id: str
    item: str
    quantity: str
    priority: int
    needed_by: dt.date
    destination: str
    releasability: Releasability
    notes: str | None

    @classmethod
    def of(cls, r: Requirement) -> RequirementPublic:
        return cls(
            id=r.id,
            item=r.item,
            quantity=str(r.quantity),
            priority=r.priority,
            needed_by=r.needed_by,
            destination=r.destination,
            releasability=r.releasability,
            notes=r.notes,
        )


class PledgeCreate(Input):
    id: Key
    donor: Code
    item: Key
    quantity: PositiveQuantity
    available_from: dt.date
    origin: Key
    status: PledgeStatus = PledgeStatus.ANNOUNCED
    value_eur: Money | None = None
    earmark: Key | None = None
    releasability: Releasability = Releasability.PUBLIC
    fund: Key | None = None

    def to_domain(self) -> Pledge:
        return Pledge(**self.model_dump())


class PledgeUpdate(Input):
    quantity: PositiveQuantity | MISSING = MISSING
    available_from: dt.date | MISSING = MISSING
    origin: Key | MISSING = MISSING
    status: PledgeStatus | MISSING = MISSING
    value_eur: Money | MISSING | None = MISSING
    earmark: Key | MISSING | None = MISSING
    releasability: Releasability | MISSING = MISSING
    fund: Key | MISSING | None = MISSING


class PledgePublic(BaseModel):
    id: str
    donor: str
    item: str
    quantity: str
    available_from: dt.date
    origin: str
    status: PledgeStatus
    value_eur: str | None
    earmark: str | None
    releasability: Releasability
    fund: str | None = None

    @classmethod
    def of(cls, p: Pledge) -> PledgePublic:
        return cls(
            id=p.id,
            donor=p.donor,
            item=p.item,
            quantity=str(p.quantity),
            available_from=p.available_from,
            origin=p.origin,
            status=p.status,
            value_eur=None if p.value_eur is None else str(p.value_eur),
            earmark=p.earmark,
            releasability=p.releasability,
            fund=p.fund,
        )

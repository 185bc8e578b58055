"""Scenarios: the requests that store and run them, and the results each caller may see."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from pledgeflow.adapters.scenario_repository import StoredScenario
from pledgeflow.api.schemas.fields import Input, Integer
from pledgeflow.domain.asks import Ask
from pledgeflow.domain.exposure import Concentration, DonorExposure
from pledgeflow.domain.scenario_diffs import RequirementChange, TierChange

_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$"
ScenarioName = Annotated[str, Field(pattern=_NAME, description="letters, digits, _ . -")]
ChangeText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=300,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description='one change as written on the command line, e.g. "withdraw USA"',
    ),
    AfterValidator(lambda text: text.strip()),
]
ChangeList = Annotated[list[ChangeText], Field(min_length=1, max_length=50)]


class RunSettings(Input):
    as_of: dt.date = Field(description="plan date; between 2000-01-01 and 2999-12-31")
    horizon_days: Integer = Field(default=180, ge=1, le=730)
    time_limit_s: float = Field(default=60.0, ge=1.0, le=600.0, description="per plan")


class ScenarioCreate(Input):
    name: ScenarioName
    description: str | None = Field(default=None, max_length=1000, pattern=r"^[^\x00\x7f]*$")
    changes: ChangeList


class ScenarioRun(RunSettings):
    changes: ChangeList


class ScenarioPublic(BaseModel):
    name: str
    description: str | None
    created_by: str
    created_at: dt.datetime
    changes: list[str]

    @classmethod
    def of(cls, stored: StoredScenario, texts: list[str]) -> ScenarioPublic:
        return cls(
            name=stored.name,
            description=stored.description,
            created_by=stored.created_by,
            created_at=stored.created_at,
            changes=texts,
        )


class TierPublic(BaseModel):
    priority: int
    requirements: int
    fill_before: float
    fill_after: float
    lost: float

    @classmethod
    def of(cls, t: TierChange) -> TierPublic:
        return cls.model_validate(t, from_attributes=True)


class RequirementChangePublic(BaseModel):
    requirement: str
    priority: int
    item: str
    quantity: float
    fill_before: float | None
    fill_after: float
    units_lost: float
    from_date: dt.date | None
    reason_after: str
    units_later: float
    days_later: int
    detail: str

    @classmethod
    def of(cls, c: RequirementChange) -> RequirementChangePublic:
        return cls.model_validate(c, from_attributes=True)


class AskPublic(BaseModel):
    item: str
    needed_by_week: dt.date
    priority: int
    unmet_quantity: float
    requirements: list[str]
    donors: list[str]

    @classmethod
    def of(cls, a: Ask) -> AskPublic:
        return cls(
            item=a.item,
            needed_by_week=a.week,
            priority=a.priority,
            unmet_quantity=round(a.unmet, 3),
            requirements=a.requirements,
            donors=[d.text() for d in a.donors],
        )


class ScenarioResultPublic(BaseModel):
    run_id: int
    changes: list[str]
    as_of: dt.date
    horizon_days: int
    weighted_loss: float
    proven_optimal: bool
    tiers: list[TierPublic]
    requirements: list[RequirementChangePublic]
    hidden_requirements: int = Field(description="requirements you may not see that changed")
    hidden_units_lost: float
    hubs_newly_binding: list[str]
    asks_before: list[AskPublic]
    asks_after: list[AskPublic]


class DonorExposurePublic(BaseModel):
    donor: str
    weighted_loss: float
    lost_by_tier: dict[str, float]
    requirements_hit: int
    proven_optimal: bool

    @classmethod
    def of(cls, d: DonorExposure) -> DonorExposurePublic:
        return cls(
            donor=d.donor,
            weighted_loss=d.weighted_loss,
            lost_by_tier={str(p): v for p, v in sorted(d.lost_by_tier.items())},
            requirements_hit=d.requirements_hit,
            proven_optimal=d.proven_optimal,
        )


class ConcentrationPublic(BaseModel):
    requirement: str
    priority: int
    item: str
    planned_units: float
    largest_donor: str
    share: float
    units_lost_if_withdrawn: float | None
    single_point: bool

    @classmethod
    def of(cls, c: Concentration) -> ConcentrationPublic:
        return cls.model_validate(c, from_attributes=True)


class SweepPublic(BaseModel):
    as_of: dt.date
    horizon_days: int
    ranking: list[DonorExposurePublic]
    concentration: list[ConcentrationPublic]

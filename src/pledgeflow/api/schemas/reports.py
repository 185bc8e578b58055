"""Summaries: totals by priority, by donor and by supply class, as decimal strings."""

from __future__ import annotations

from pydantic import BaseModel

from pledgeflow.domain.summaries import DatasetSummary


class PriorityTotalPublic(BaseModel):
    priority: int
    requirements: int
    mass_t: str
    value_eur: str


class DonorTotalPublic(BaseModel):
    donor: str
    name: str
    pledges: int
    mass_t: str
    value_eur: str
    share_of_gdp: str | None


class ClassTotalPublic(BaseModel):
    supply_class: str
    required_t: str
    pledged_t: str


class SummaryPublic(BaseModel):
    by_priority: list[PriorityTotalPublic]
    by_donor: list[DonorTotalPublic]
    by_class: list[ClassTotalPublic]

    @classmethod
    def of(cls, s: DatasetSummary) -> SummaryPublic:
        return cls(
            by_priority=[
                PriorityTotalPublic(
                    priority=p.priority,
                    requirements=p.requirements,
                    mass_t=str(p.mass_t),
                    value_eur=str(p.value_eur),
                )
                for p in s.by_priority
            ],
            by_donor=[
                DonorTotalPublic(
                    donor=d.donor,
                    name=d.name,
                    pledges=d.pledges,
                    mass_t=str(d.mass_t),
                    value_eur=str(d.value_eur),
                    share_of_gdp=None if d.share_of_gdp is None else str(d.share_of_gdp),
                )
                for d in s.by_donor
            ],
            by_class=[
                ClassTotalPublic(
                    supply_class=c.supply_class,
                    required_t=str(c.required_t),
                    pledged_t=str(c.pledged_t),
                )
                for c in s.by_class
            ],
        )

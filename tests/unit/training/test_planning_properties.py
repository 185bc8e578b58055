"""Whatever the courses, cohorts and sessions, a training plan passes the planner's verifier
(seats, hard finish dates, the cohort rule) and books whole trainees on sessions that fit."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledgeflow.domain.training import Course, CourseOffer, TrainingRequirement
from pledgeflow.service.training_planning import TrainingData, plan_training

AS_OF = dt.date(2027, 1, 4)
COURSES = (
    Course("BASIC", "basic", 5, "en"),
    Course("ADV", "advanced", 9, "en", prerequisite="BASIC"),
    Course("TOP", "top", 3, "en", prerequisite="ADV"),
)
CHAIN = {"BASIC": None, "ADV": "BASIC", "TOP": "ADV"}


@st.composite
def training_data(draw: st.DrawFn) -> TrainingData:
    offers = tuple(
        CourseOffer(
            f"O{n}",
            "DEU",
            draw(st.sampled_from(sorted(CHAIN))),
            "S",
            AS_OF + dt.timedelta(days=draw(st.integers(0, 40))),
            draw(st.integers(1, 9)),
            draw(st.sampled_from(("en", "en", "fr"))),
        )
        for n in range(draw(st.integers(1, 7)))
    )
    requirements: list[TrainingRequirement] = []
    for n in range(draw(st.integers(1, 6))):
        course = draw(st.sampled_from(sorted(CHAIN)))
        earlier = [r.id for r in requirements if r.course == CHAIN[course]]
        requirements.append(
            TrainingRequirement(
                f"R{n}",
                course,
                draw(st.integers(1, 12)),
                draw(st.integers(1, 5)),
                AS_OF + dt.timedelta(days=draw(st.integers(5, 70))),
                after=draw(st.sampled_from([None, *earlier])),
            )
        )
    return TrainingData(COURSES, tuple(requirements), offers)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(training_data())
def test_every_plan_verifies_and_fits(data: TrainingData) -> None:
    plan = plan_training(data, AS_OF)
    assert plan.report.ok, plan.report.violations
    offers = {o.id: o for o in data.offers}
    requirements = {r.id: r for r in data.requirements}
    durations = {c.code: c.duration_days for c in COURSES}
    taken: dict[str, int] = {}
    for booking in plan.bookings:
        offer, requirement = offers[booking.offer], requirements[booking.requirement]
        assert offer.course == requirement.course
        assert offer.language == "en"
        end = offer.start_date + dt.timedelta(days=durations[offer.course] - 1)
        assert end <= requirement.must_finish_by
        taken[offer.id] = taken.get(offer.id, 0) + booking.trainees
    assert all(taken[o] <= offers[o].seats for o in taken)
    unmet = {s.requirement: s.quantity for s in plan.shortfalls}
    for requirement in data.requirements:
        placed = sum(b.trainees for b in plan.bookings if b.requirement == requirement.id)
        assert placed + unmet.get(requirement.id, 0) == requirement.trainees

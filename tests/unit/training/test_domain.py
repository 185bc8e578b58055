"""Training records guard their rules: counts only, seats never over-taken, bookings that fit."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.training import (
    Booking,
    Course,
    CourseOffer,
    Seat,
    TrainingRequirement,
    check_booking,
    check_cohort_order,
)

START = dt.date(2027, 3, 1)
COURSE = Course("ENG", "combat engineer", 5, "en")


def offer(**changes: object) -> CourseOffer:
    fields: dict[str, object] = {
        "id": "O",
        "trainer": "FRA",
        "course": "ENG",
        "site": "S",
        "start_date": START,
        "seats": 10,
        "language": "en",
    }
    fields.update(changes)
    return CourseOffer(**fields)  # type: ignore[arg-type]


def requirement(**changes: object) -> TrainingRequirement:
    fields: dict[str, object] = {
        "id": "R",
        "course": "ENG",
        "trainees": 6,
        "priority": 2,
        "must_finish_by": START + dt.timedelta(days=4),
    }
    fields.update(changes)
    return TrainingRequirement(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Course("C", "n", 0, "en"), "duration_days"),
        (lambda: Course("C", "n", 3, " "), "language"),
        (lambda: Course("C", "n", 3, "en", prerequisite="C"), "prerequisite"),
        (lambda: requirement(trainees=0), "trainees"),
        (lambda: requirement(priority=6), "priority"),
        (lambda: requirement(after="R"), "after"),
        (lambda: requirement(booked=7), "booked"),
        (lambda: offer(seats=0), "seats"),
        (lambda: offer(seats_taken=11), "seats_taken"),
        (lambda: Booking("B", "O", "R", 0), "trainees"),
    ],
)
def test_broken_rules_name_their_field(make: object, field: str) -> None:
    with pytest.raises(DomainError) as raised:
        make()  # type: ignore[operator]
    assert raised.value.field == field


def test_the_last_day_of_a_five_day_session_is_its_fifth() -> None:
    assert offer().end_date(COURSE) == START + dt.timedelta(days=4)


@given(st.lists(st.integers(min_value=-2, max_value=6), max_size=30))
def test_taking_seats_never_exceeds_the_offer(requests: list[int]) -> None:
    current = offer()
    granted = 0
    for trainees in requests:
        try:
            current = current.taken(trainees)
            granted += trainees
        except DomainError:
            assert trainees < 1 or trainees > current.seats_free
    assert current.seats_taken == granted <= current.seats


def test_a_booking_fits_course_language_date_and_unbooked_trainees() -> None:
    check_booking(Booking("B", "O", "R", 6), offer(), requirement(), COURSE)
    cases = [
        (offer(course="MED"), requirement(), "runs 'MED'"),
        (offer(language="fr"), requirement(), "taught in fr"),
        (offer(), requirement(language="de"), "needs de"),
        (offer(start_date=START + dt.timedelta(days=1)), requirement(), "after the cohort"),
        (offer(), requirement(booked=1), "only 5 left"),
    ]
    for bad_offer, bad_requirement, message in cases:
        with pytest.raises(DomainError, match=message):
            check_booking(Booking("B", "O", "R", 6), bad_offer, bad_requirement, COURSE)


def test_a_cohort_starts_only_after_finishing_the_prerequisite() -> None:
    earlier = [Seat(4, START, START + dt.timedelta(days=4))]
    on_time = [Seat(4, START + dt.timedelta(days=5), START + dt.timedelta(days=9))]
    check_cohort_order("R", on_time, earlier)
    too_soon = [Seat(1, START + dt.timedelta(days=4), START + dt.timedelta(days=9))]
    with pytest.raises(DomainError, match="only 0 finished"):
        check_cohort_order("R", too_soon, earlier)
    with pytest.raises(DomainError, match="5 trainee"):
        check_cohort_order("R", [*on_time, Seat(1, START + dt.timedelta(days=6), START)], earlier)

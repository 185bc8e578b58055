"""Training: courses, the recipient's training requirements, partner nations' course offers, and
the bookings that place a requirement's trainees on an offer's seats.

Counts only: a requirement says how many trainees, never who they are. A booking is the record
that `trainees` of one requirement sit on one offer; confirming it takes that many seats, and
an offer can never hold more trainees than it has seats (`CourseOffer.taken`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.releasability import Releasability

PRIORITIES = range(1, 6)


def _require_text(record: str, field: str, value: str) -> None:
    if not value.strip():
        raise DomainError(record, field, "must not be empty")


@dataclass(frozen=True, slots=True)
class Course:
    """A course as a catalogue entry; `language` is the one its trainees are taught in unless a
    requirement asks for another, and `prerequisite` is a course to complete before it."""

    code: str
    name: str
    duration_days: int
    language: str
    prerequisite: str | None = None

    def __post_init__(self) -> None:
        record = f"course {self.code!r}"
        _require_text(record, "code", self.code)
        _require_text(record, "name", self.name)
        _require_text(record, "language", self.language)
        if self.duration_days < 1:
            raise DomainError(record, "duration_days", "must be at least 1 day")
        if self.prerequisite == self.code:
            raise DomainError(record, "prerequisite", "a course cannot require itself")


@dataclass(frozen=True, slots=True)
class TrainingRequirement:
    """A cohort of trainees to put through one course, finished by `must_finish_by` (a hard
    date, not a wish). `after` names the requirement of the same cohort for the prerequisite
    course: its trainees must have finished that one before this one starts."""

    id: str
    course: str
    trainees: int
    priority: int
    must_finish_by: dt.date
    language: str | None = None
    after: str | None = None
    releasability: Releasability = Releasability.PUBLIC
    booked: int = 0

    def __post_init__(self) -> None:
        record = f"training requirement {self.id!r}"
        _require_text(record, "id", self.id)
        if self.trainees < 1:
            raise DomainError(record, "trainees", "must be at least 1")
        if self.priority not in PRIORITIES:
            raise DomainError(record, "priority", "must be 1 (critical) to 5 (routine)")
        if self.after == self.id:
            raise DomainError(record, "after", "a requirement cannot follow itself")
        if not 0 <= self.booked <= self.trainees:
            raise DomainError(record, "booked", f"must be 0 to {self.trainees}")

    @property
    def unbooked(self) -> int:
        return self.trainees - self.booked

    def language_for(self, course: Course) -> str:
        return self.language or course.language


@dataclass(frozen=True, slots=True)
class CourseOffer:
    """A session of a course run by a trainer nation at one of its sites, from `start_date` for
    the course's duration; `seats_taken` counts trainees of confirmed bookings."""

    id: str
    trainer: str
    course: str
    site: str
    start_date: dt.date
    seats: int
    language: str
    seats_taken: int = 0
    releasability: Releasability = Releasability.PUBLIC

    def __post_init__(self) -> None:
        record = f"course offer {self.id!r}"
        _require_text(record, "id", self.id)
        _require_text(record, "language", self.language)
        if self.seats < 1:
            raise DomainError(record, "seats", "must be at least 1")
        if not 0 <= self.seats_taken <= self.seats:
            raise DomainError(record, "seats_taken", f"must be 0 to {self.seats} (its seats)")

    @property
    def seats_free(self) -> int:
        return self.seats - self.seats_taken

    def end_date(self, course: Course) -> dt.date:
        """The last day of the session: a 5-day course starting on Monday ends on Friday."""
        return self.start_date + dt.timedelta(days=course.duration_days - 1)

    def taken(self, trainees: int) -> CourseOffer:
        """The offer once `trainees` more seats are taken; never more than its seats."""
        if trainees < 1:
            raise DomainError(f"course offer {self.id!r}", "trainees", "must be at least 1")
        if trainees > self.seats_free:
            raise DomainError(
                f"course offer {self.id!r}",
                "seats",
                f"{trainees} trainee(s) do not fit: {self.seats_free} of {self.seats} seats free",
            )
        return replace(self, seats_taken=self.seats_taken + trainees)


@dataclass(frozen=True, slots=True)
class Booking:
    """`trainees` of requirement `requirement` placed on offer `offer`."""

    id: str
    offer: str
    requirement: str
    trainees: int

    def __post_init__(self) -> None:
        record = f"booking {self.id!r}"
        _require_text(record, "id", self.id)
        if self.trainees < 1:
            raise DomainError(record, "trainees", "must be at least 1")


def check_booking(
    booking: Booking, offer: CourseOffer, requirement: TrainingRequirement, course: Course
) -> None:
    """The rules a booking must meet beyond free seats: the offer runs the requirement's course
    in its language, finishes by its date, and the requirement still has that many trainees
    unbooked. Raises DomainError naming the first rule broken."""
    record = f"booking {booking.id!r}"
    if offer.course != requirement.course:
        reason = f"offer {offer.id!r} runs {offer.course!r}, not {requirement.course!r}"
        raise DomainError(record, "offer", reason)
    wanted = requirement.language_for(course)
    if offer.language != wanted:
        reason = f"offer {offer.id!r} is taught in {offer.language}, the cohort needs {wanted}"
        raise DomainError(record, "offer", reason)
    if offer.end_date(course) > requirement.must_finish_by:
        reason = (
            f"offer {offer.id!r} ends {offer.end_date(course)}, after the cohort's "
            f"must-finish date {requirement.must_finish_by}"
        )
        raise DomainError(record, "offer", reason)
    if booking.trainees > requirement.unbooked:
        reason = f"{booking.trainees} trainee(s) but only {requirement.unbooked} left unbooked"
        raise DomainError(record, "trainees", reason)


@dataclass(frozen=True, slots=True)
class Seat:
    """Trainees of one cohort on one session, with the session's first and last day."""

    trainees: int
    start_date: dt.date
    end_date: dt.date


def check_cohort_order(requirement: str, later: list[Seat], earlier: list[Seat]) -> None:
    """A cohort starts its course only once it finished the prerequisite: on every start day
    of its sessions, no more trainees may have started than have finished the earlier course
    (on a session ending before that day). The planner keeps the same rule; confirming checks
    it again, since bookings can also be confirmed one by one."""
    for day in sorted({seat.start_date for seat in later}):
        started = sum(seat.trainees for seat in later if seat.start_date <= day)
        finished = sum(seat.trainees for seat in earlier if seat.end_date < day)
        if started > finished:
            raise DomainError(
                f"training requirement {requirement!r}",
                "after",
                f"{started} trainee(s) would start by {day}, "
                f"but only {finished} finished the prerequisite before then",
            )

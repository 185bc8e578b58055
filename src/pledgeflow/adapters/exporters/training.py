"""Writing the training sheets, so that `training import` reads the first three back.

The counters moved by confirmed bookings go out as `x_seats_taken` and `x_booked`: readers of
the export see them, and the importer ignores `x_` columns, so a re-import never resets them.
"""

from __future__ import annotations

from collections.abc import Sequence

from pledgeflow.adapters.exporters.sheets import Sheet
from pledgeflow.adapters.importers.training import (
    BOOKINGS,
    COURSE_OFFERS,
    COURSES,
    TRAINING_REQUIREMENTS,
)
from pledgeflow.domain.training import Booking, Course, CourseOffer, TrainingRequirement

CONFIRMED = "confirmed"
PROPOSED = "proposed"


def training_sheets(
    courses: Sequence[Course],
    requirements: Sequence[TrainingRequirement],
    offers: Sequence[CourseOffer],
    bookings: Sequence[tuple[Booking, str]],
) -> dict[str, Sheet]:
    """The four sheets; each booking comes with its status (confirmed or proposed)."""
    return {
        COURSES.name: (
            list(COURSES.columns),
            [[c.code, c.name, c.duration_days, c.language, c.prerequisite] for c in courses],
        ),
        TRAINING_REQUIREMENTS.name: (
            [*TRAINING_REQUIREMENTS.columns, "x_booked"],
            [_requirement_row(r) for r in requirements],
        ),
        COURSE_OFFERS.name: (
            [*COURSE_OFFERS.columns, "x_seats_taken"],
            [_offer_row(o) for o in offers],
        ),
        BOOKINGS.name: (
            list(BOOKINGS.columns),
            [[b.id, b.offer, b.requirement, b.trainees, status] for b, status in bookings],
        ),
    }


def _requirement_row(r: TrainingRequirement) -> list[object]:
    return [
        r.id,
        r.course,
        r.trainees,
        r.priority,
        r.must_finish_by,
        r.language,
        r.after,
        r.releasability,
        r.booked,
    ]


def _offer_row(o: CourseOffer) -> list[object]:
    return [
        o.id,
        o.trainer,
        o.course,
        o.site,
        o.start_date,
        o.seats,
        o.language,
        o.releasability,
        o.seats_taken,
    ]

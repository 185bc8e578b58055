"""Whether the training rows of a file point at records that exist, in the file or stored.

Checked before anything is written, so an import fails as a whole with each broken reference
named by table, row and column, rather than on the first foreign key the database refuses.
Stored counters are respected too: an update may not shrink an offer below its taken seats or
a requirement below its booked trainees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.adapters.importers.training import TrainingRows
from pledgeflow.domain.training import Course, CourseOffer, TrainingRequirement


@dataclass(frozen=True, slots=True)
class KnownRecords:
    """What the database already holds that training rows may refer to."""

    courses: Mapping[str, Course]
    requirements: Mapping[str, TrainingRequirement]
    offers: Mapping[str, CourseOffer]
    parties: frozenset[str]
    sites: frozenset[str]


def reference_problems(rows: TrainingRows, known: KnownRecords) -> list[ImportProblem]:
    courses = {**known.courses, **{code: c for code, (_, c) in rows.courses.items()}}
    reqs = {**known.requirements, **{k: r for k, (_, r) in rows.requirements.items()}}
    problems: list[ImportProblem] = []
    for number, course in rows.courses.values():
        if course.prerequisite and course.prerequisite not in courses:
            reason = f"course {course.prerequisite!r} does not exist"
            problems.append(
                ImportProblem("courses", number, "prerequisite", course.prerequisite, reason)
            )
    for number, req in rows.requirements.values():
        problems += _requirement_problems(number, req, courses, reqs, known)
    for number, offer in rows.offers.values():
        problems += _offer_problems(number, offer, courses, known)
    return problems


def _requirement_problems(
    number: int,
    req: TrainingRequirement,
    courses: Mapping[str, Course],
    reqs: Mapping[str, TrainingRequirement],
    known: KnownRecords,
) -> list[ImportProblem]:
    def problem(column: str, value: str | None, reason: str) -> ImportProblem:
        return ImportProblem("training_requirements", number, column, value, reason)

    found = []
    course = courses.get(req.course)
    if course is None:
        found.append(problem("course", req.course, f"course {req.course!r} does not exist"))
    if req.after is not None:
        earlier = reqs.get(req.after)
        if earlier is None:
            found.append(problem("after", req.after, f"requirement {req.after!r} does not exist"))
        elif course is not None and earlier.course != course.prerequisite:
            wanted = course.prerequisite or "none"
            reason = (
                f"{req.after!r} is for {earlier.course!r}, but {req.course!r} has the "
                f"prerequisite {wanted}"
            )
            found.append(problem("after", req.after, reason))
    stored = known.requirements.get(req.id)
    if stored is not None and req.trainees < stored.booked:
        reason = f"{stored.booked} trainee(s) are already booked"
        found.append(problem("trainees", str(req.trainees), reason))
    return found


def _offer_problems(
    number: int, offer: CourseOffer, courses: Mapping[str, Course], known: KnownRecords
) -> list[ImportProblem]:
    def problem(column: str, value: str, reason: str) -> ImportProblem:
        return ImportProblem("course_offers", number, column, value, reason)

    found = []
    if offer.course not in courses:
        found.append(problem("course", offer.course, f"course {offer.course!r} does not exist"))
    if offer.trainer not in known.parties:
        found.append(problem("trainer", offer.trainer, f"party {offer.trainer!r} does not exist"))
    if offer.site not in known.sites:
        found.append(problem("site", offer.site, f"site {offer.site!r} does not exist"))
    stored = known.offers.get(offer.id)
    if stored is not None and offer.seats < stored.seats_taken:
        reason = f"{stored.seats_taken} seat(s) are already taken by confirmed bookings"
        found.append(problem("seats", str(offer.seats), reason))
    return found

"""Reading the training sheets `courses`, `training_requirements` and `course_offers`.

Each sheet is read with the interchange readers and checked field by field, so the user learns
every problem of the file at once. References (a course's prerequisite, a cohort's earlier
requirement, an offer's trainer and site) are checked by `reference_problems` against the file
together with what the database already holds. A `bookings` sheet, as `training export` writes
it, is skipped: bookings are made by confirming them, never by import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pledgeflow.adapters.importers.columns import TableSpec, header_index
from pledgeflow.adapters.importers.fields import RowFields
from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.adapters.importers.raw_tables import RawTable
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.training import Course, CourseOffer, TrainingRequirement


def _spec(name: str, columns: str, required: str) -> TableSpec:
    listed = tuple(columns.split())
    return TableSpec(name, listed, frozenset(required.split()), (listed[0],))


COURSES = _spec(
    "courses", "code name duration_days language prerequisite", "code name duration_days language"
)
TRAINING_REQUIREMENTS = _spec(
    "training_requirements",
    "id course trainees priority must_finish_by language after releasability",
    "id course trainees priority must_finish_by",
)
COURSE_OFFERS = _spec(
    "course_offers",
    "id trainer course site start_date seats language releasability",
    "id trainer course site start_date seats language",
)
BOOKINGS = _spec(
    "bookings", "id offer requirement trainees status", "id offer requirement trainees"
)
TRAINING_SHEETS = (COURSES, TRAINING_REQUIREMENTS, COURSE_OFFERS)


@dataclass
class TrainingRows:
    """The file's valid records with the row each came from, and every problem found."""

    courses: dict[str, tuple[int, Course]] = field(default_factory=dict)
    requirements: dict[str, tuple[int, TrainingRequirement]] = field(default_factory=dict)
    offers: dict[str, tuple[int, CourseOffer]] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def records(self) -> list[Course | TrainingRequirement | CourseOffer]:
        return [
            *(c for _, c in self.courses.values()),
            *(r for _, r in self.requirements.values()),
            *(o for _, o in self.offers.values()),
        ]


def _course(fields: RowFields) -> Course:
    return Course(
        code=fields.text("code"),
        name=fields.text("name"),
        duration_days=fields.integer("duration_days", 1, 3650),
        language=fields.text("language"),
        prerequisite=fields.optional_text("prerequisite"),
    )


def _requirement(fields: RowFields) -> TrainingRequirement:
    return TrainingRequirement(
        id=fields.text("id"),
        course=fields.text("course"),
        trainees=fields.integer("trainees", 1, 100_000),
        priority=fields.integer("priority", 1, 5),
        must_finish_by=fields.date("must_finish_by"),
        language=fields.optional_text("language"),
        after=fields.optional_text("after"),
        releasability=fields.enum("releasability", Releasability, Releasability.PUBLIC),
    )


def _offer(fields: RowFields) -> CourseOffer:
    return CourseOffer(
        id=fields.text("id"),
        trainer=fields.text("trainer"),
        course=fields.text("course"),
        site=fields.text("site"),
        start_date=fields.date("start_date"),
        seats=fields.integer("seats", 1, 100_000),
        language=fields.text("language"),
        releasability=fields.enum("releasability", Releasability, Releasability.PUBLIC),
    )


_BUILDERS: dict[str, Callable[[RowFields], Any]] = {
    COURSES.name: _course,
    TRAINING_REQUIREMENTS.name: _requirement,
    COURSE_OFFERS.name: _offer,
}


def read_training(tables: Mapping[str, RawTable]) -> TrainingRows:
    """Every training record of `tables` and every problem; use the records only if none."""
    found = TrainingRows()
    targets: dict[str, dict[str, Any]] = {
        COURSES.name: found.courses,
        TRAINING_REQUIREMENTS.name: found.requirements,
        COURSE_OFFERS.name: found.offers,
    }
    for name, table in tables.items():
        if name == BOOKINGS.name:
            found.skipped.append(f"{table.source}: bookings are confirmed, never imported")
            continue
        spec = next((s for s in TRAINING_SHEETS if s.name == name), None)
        if spec is None:
            allowed = ", ".join(s.name for s in TRAINING_SHEETS)
            reason = f"not a training table (they are: {allowed})"
            found.problems.append(ImportProblem(name, None, None, table.source, reason))
            continue
        _read_sheet(spec, table, targets[name], found.problems)
    if not any(name in tables for name in targets):
        found.problems.append(ImportProblem("courses", None, None, None, "no training table"))
    return found


def _read_sheet(
    spec: TableSpec, table: RawTable, into: dict[str, Any], problems: list[ImportProblem]
) -> None:
    index = header_index(spec, table, problems)
    key = spec.key[0]
    seen: dict[str, int] = {}
    for row in table.rows:
        fields = RowFields(spec.name, row, index, problems)
        record = fields.build(partial(_BUILDERS[spec.name], fields))
        name = fields.raw(key)
        first = seen.setdefault(name, row.number)
        if name and first != row.number:
            fields.problem(key, name, f"duplicate: same {key} as row {first}")
        elif record is not None:
            into[name] = (row.number, record)

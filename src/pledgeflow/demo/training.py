"""The demo's training part: 20 courses, ~60 cohorts of the recipient, ~80 sessions offered by
real partner nations at training centres in their own countries.

Pure and seeded like the rest of the demo. Course names are generic (no real programme is
named). Five courses build on another: their cohorts follow a cohort of the prerequisite
course (`after`), so the plan shows the precedence rule. Most sessions are taught in English,
about one in six in the trainer's own language, and about one cohort in twelve needs French:
some find no session in French (`no_supply`), others compete for the English seats
(`taken_by_higher_priority`) or wait for their prerequisite, so the demo shows the shortfalls a
training planner meets.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from pledgeflow.demo.geography import DEPOT_PLACES
from pledgeflow.demo.nations import DONORS, nation_parties
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.parties import Role
from pledgeflow.domain.sites import Site, SiteKind
from pledgeflow.domain.training import Course, CourseOffer, TrainingRequirement

TRAINING_SEED = 7_2027
COHORTS = 60
SESSIONS = 80

# code, name, duration days, prerequisite
_COURSES: tuple[tuple[str, str, int, str | None], ...] = (
    ("PLT-GND", "pilot conversion, ground school", 28, None),
    ("PLT-FLY", "pilot conversion, flying phase", 56, "PLT-GND"),
    ("AD-CREW", "air-defence crew", 35, None),
    ("AD-FIRE", "air-defence fire control", 21, "AD-CREW"),
    ("AD-MNT", "air-defence system maintenance", 42, None),
    ("ENG-CBT", "combat engineer", 28, None),
    ("ENG-BRG", "gap crossing and bridging", 14, "ENG-CBT"),
    ("MED-CBT", "combat medic", 21, None),
    ("MED-TRM", "trauma care, advanced", 14, "MED-CBT"),
    ("VEH-MNT", "vehicle maintenance", 35, None),
    ("VEH-TRK", "tracked vehicle maintenance", 21, None),
    ("DEM-BAS", "humanitarian demining", 28, None),
    ("DEM-EOD", "explosive ordnance disposal", 35, "DEM-BAS"),
    ("LOG-STF", "logistics staff", 14, None),
    ("LOG-FUEL", "fuel handling", 10, None),
    ("SIG-OPS", "signals operator", 21, None),
    ("SIG-CYB", "network defence", 28, None),
    ("ART-CRW", "artillery crew", 28, None),
    ("UAS-OPS", "unmanned aircraft operator", 14, None),
    ("LDR-NCO", "junior leader", 35, None),
)

_LANGUAGES = {
    "DEU": "de",
    "FRA": "fr",
    "ITA": "it",
    "ESP": "es",
    "NLD": "nl",
    "POL": "pl",
    "SWE": "sv",
    "NOR": "no",
    "DNK": "da",
    "FIN": "fi",
    "EST": "et",
    "LTU": "lt",
    "CZE": "cs",
}


@dataclass(frozen=True, slots=True)
class TrainingDemo:
    """The demo's training sheets, and the sites and parties they need in the dataset."""

    dataset: Dataset
    courses: tuple[Course, ...]
    requirements: tuple[TrainingRequirement, ...]
    offers: tuple[CourseOffer, ...]


def trainers() -> tuple[str, ...]:
    return tuple(n.code for n in DONORS if Role.TRAINER in n.roles)


def training_sites() -> tuple[Site, ...]:
    """One training centre per trainer nation, named after its first depot city."""
    return tuple(
        Site(
            f"TRN-{code}", f"{DEPOT_PLACES[code][0].name} training centre", SiteKind.TRAINING, code
        )
        for code in trainers()
    )


def _cohorts(rng: random.Random, as_of: dt.date) -> list[TrainingRequirement]:
    """Two to four cohorts per course; a course with a prerequisite follows one of its cohorts
    with a later must-finish date, as a cohort moving on would."""
    found: list[TrainingRequirement] = []
    by_course: dict[str, list[TrainingRequirement]] = {}
    per_course = [3] * len(_COURSES)
    for extra in range(COHORTS - sum(per_course)):
        per_course[extra % len(_COURSES)] += 1
    for (code, _, duration, prerequisite), count in zip(_COURSES, per_course, strict=True):
        for n in range(1, count + 1):
            earlier = by_course.get(prerequisite or "", [])
            after = earlier[n - 1] if n - 1 < len(earlier) else None
            floor = after.must_finish_by if after else as_of + dt.timedelta(days=duration + 20)
            finish = floor + dt.timedelta(days=duration + rng.randrange(10, 120))
            cohort = TrainingRequirement(
                id=f"TR-{code}-{n}",
                course=code,
                trainees=rng.choice((6, 8, 10, 12, 16, 20, 24)),
                priority=rng.choices((1, 2, 3, 4, 5), weights=(2, 3, 3, 2, 1))[0],
                must_finish_by=finish,
                language="fr" if rng.random() < 0.08 else None,
                after=after.id if after else None,
            )
            by_course.setdefault(code, []).append(cohort)
            found.append(cohort)
    return found


def _sessions(rng: random.Random, as_of: dt.date) -> list[CourseOffer]:
    nations = trainers()
    found = []
    for n in range(SESSIONS):
        code, _, _, _ = _COURSES[n % len(_COURSES)]
        trainer = rng.choice(nations)
        national = _LANGUAGES.get(trainer)
        language = national if national and rng.random() < 1 / 6 else "en"
        found.append(
            CourseOffer(
                id=f"OF-{trainer}-{n + 1:03d}",
                trainer=trainer,
                course=code,
                site=f"TRN-{trainer}",
                start_date=as_of + dt.timedelta(days=rng.randrange(7, 160)),
                seats=rng.choice((8, 10, 12, 16, 20)),
                language=language,
            )
        )
    return found


def demo_training(as_of: dt.date, seed: int = TRAINING_SEED) -> TrainingDemo:
    rng = random.Random(seed)
    courses = tuple(Course(code, name, days, "en", pre) for code, name, days, pre in _COURSES)
    dataset = Dataset(parties=nation_parties(), sites=training_sites())
    requirements = tuple(_cohorts(rng, as_of))
    return TrainingDemo(dataset, courses, requirements, tuple(_sessions(rng, as_of)))

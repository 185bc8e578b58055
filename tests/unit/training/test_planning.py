"""Canonical training cases with hand-derived answers, solved by the shared §5 planner.

Every plan is also checked by the planner's independent verifier, which re-checks the hard
finish dates and the cohorts' precedence from the plan's lines.
"""

from __future__ import annotations

import datetime as dt

from pledgeflow.domain.plans import ShortfallReason
from pledgeflow.domain.training import Booking, Course, CourseOffer, TrainingRequirement
from pledgeflow.service.training_planning import TrainingData, TrainingPlan, plan_training

AS_OF = dt.date(2027, 1, 4)
FAR = AS_OF + dt.timedelta(days=150)


def day(n: int) -> dt.date:
    return AS_OF + dt.timedelta(days=n)


def offer(offer_id: str, course: str, start: int, seats: int, language: str = "en") -> CourseOffer:
    return CourseOffer(offer_id, "DEU", course, "SITE", day(start), seats, language)


def need(
    req_id: str,
    course: str,
    trainees: int,
    priority: int,
    finish_by: dt.date = FAR,
    after: str | None = None,
) -> TrainingRequirement:
    return TrainingRequirement(req_id, course, trainees, priority, finish_by, after=after)


def booked(plan: TrainingPlan) -> dict[tuple[str, str], int]:
    assert plan.report.ok, plan.report.violations
    return {(b.requirement, b.offer): b.trainees for b in plan.bookings}


def test_language_mismatch_leaves_the_need_with_no_supply() -> None:
    data = TrainingData(
        courses=(Course("PILOT", "pilot conversion", 30, "en"),),
        requirements=(need("R1", "PILOT", 5, 1),),
        offers=(offer("O-FR", "PILOT", 3, 10, language="fr"),),
    )
    plan = plan_training(data, AS_OF)
    assert booked(plan) == {}
    [shortfall] = plan.shortfalls
    assert (shortfall.requirement, shortfall.quantity) == ("R1", 5)
    assert shortfall.reason is ShortfallReason.NO_SUPPLY
    assert "in en" in shortfall.detail


def test_a_cohort_asking_for_the_offer_language_is_served() -> None:
    data = TrainingData(
        courses=(Course("PILOT", "pilot conversion", 30, "en"),),
        requirements=(
            TrainingRequirement("R1", "PILOT", 5, 1, FAR, language="fr"),
            need("R2", "PILOT", 2, 1),
        ),
        offers=(offer("O-FR", "PILOT", 3, 10, language="fr"),),
    )
    plan = plan_training(data, AS_OF)
    assert booked(plan) == {("R1", "O-FR"): 5}
    assert [(s.requirement, s.reason) for s in plan.shortfalls] == [
        ("R2", ShortfallReason.NO_SUPPLY)
    ]


def test_a_tier_1_cohort_displaces_a_tier_2_one() -> None:
    data = TrainingData(
        courses=(Course("MED", "combat medic", 14, "en"),),
        requirements=(need("R2", "MED", 6, 2), need("R1", "MED", 8, 1)),
        offers=(offer("O1", "MED", 5, 10),),
    )
    plan = plan_training(data, AS_OF)
    assert booked(plan) == {("R1", "O1"): 8, ("R2", "O1"): 2}
    [shortfall] = plan.shortfalls
    assert (shortfall.requirement, shortfall.quantity) == ("R2", 4)
    assert shortfall.reason is ShortfallReason.TAKEN_BY_HIGHER_PRIORITY
    assert "R1 (priority 1" in shortfall.detail


def test_must_finish_by_is_a_hard_date() -> None:
    """O1 runs days 10-14: it ends after R-SOON's date (day 12), so R-SOON gets nothing even
    though it outranks R-LATER, which takes the seats instead."""
    data = TrainingData(
        courses=(Course("ENG", "combat engineer", 5, "en"),),
        requirements=(need("R-SOON", "ENG", 4, 1, finish_by=day(12)), need("R-LATER", "ENG", 4, 3)),
        offers=(offer("O1", "ENG", 10, 6),),
    )
    plan = plan_training(data, AS_OF)
    assert booked(plan) == {("R-LATER", "O1"): 4}
    [shortfall] = plan.shortfalls
    assert (shortfall.requirement, shortfall.quantity) == ("R-SOON", 4)
    assert shortfall.reason is ShortfallReason.AFTER_HORIZON


def test_a_session_ending_on_the_must_finish_date_counts() -> None:
    data = TrainingData(
        courses=(Course("ENG", "combat engineer", 5, "en"),),
        requirements=(need("R", "ENG", 4, 1, finish_by=day(14)),),
        offers=(offer("O1", "ENG", 10, 6),),
    )
    plan = plan_training(data, AS_OF)
    assert booked(plan) == {("R", "O1"): 4}
    assert plan.shortfalls == ()


def test_prerequisite_chain_books_the_advanced_course_only_for_finished_trainees() -> None:
    """BASIC (5 days): B1 days 0-4 with 4 seats, B2 days 20-24 with 6. ADV (10 days): A1 from
    day 10 with 10 seats, A2 from day 30 with 5. The cohort RB (10) takes both BASIC sessions;
    by day 10 only B1's 4 have finished, so A1 takes at most 4 of RA, A2 the next 5, and the
    10th trainee of RA has no session left: 6 of A1's seats stay empty."""
    data = TrainingData(
        courses=(
            Course("BASIC", "air-defence crew basic", 5, "en"),
            Course("ADV", "air-defence crew advanced", 10, "en", prerequisite="BASIC"),
        ),
        requirements=(need("RB", "BASIC", 10, 2), need("RA", "ADV", 10, 1, after="RB")),
        offers=(
            offer("B1", "BASIC", 0, 4),
            offer("B2", "BASIC", 20, 6),
            offer("A1", "ADV", 10, 10),
            offer("A2", "ADV", 30, 5),
        ),
    )
    plan = plan_training(data, AS_OF)
    assert booked(plan) == {("RB", "B1"): 4, ("RB", "B2"): 6, ("RA", "A1"): 4, ("RA", "A2"): 5}
    [shortfall] = plan.shortfalls
    assert (shortfall.requirement, shortfall.quantity) == ("RA", 1)
    assert shortfall.reason is ShortfallReason.PREREQUISITE_LATE
    assert "RB" in shortfall.detail


def test_full_sessions_are_no_seats_not_hub_capacity() -> None:
    """Training has no hubs: a cohort left out because every session that ends in time is
    full is told `no_seats`."""
    data = TrainingData(
        courses=(Course("MED", "combat medic", 14, "en"),),
        requirements=(need("R1", "MED", 8, 1, finish_by=day(30)),),
        offers=(offer("O1", "MED", 5, 5), offer("O2", "MED", 40, 10)),
    )
    plan = plan_training(data, AS_OF)
    assert booked(plan) == {("R1", "O1"): 5}
    [shortfall] = plan.shortfalls
    assert shortfall.reason is ShortfallReason.NO_SEATS
    assert "is full" in shortfall.detail


def test_without_the_cohort_link_the_advanced_course_fills_at_once() -> None:
    data = TrainingData(
        courses=(
            Course("BASIC", "air-defence crew basic", 5, "en"),
            Course("ADV", "air-defence crew advanced", 10, "en", prerequisite="BASIC"),
        ),
        requirements=(need("RB", "BASIC", 10, 2), need("RA", "ADV", 10, 1)),
        offers=(offer("B1", "BASIC", 0, 4), offer("A1", "ADV", 10, 10)),
    )
    plan = plan_training(data, AS_OF)
    assert booked(plan)[("RA", "A1")] == 10


def test_confirmed_seats_and_trainees_are_not_planned_again() -> None:
    data = TrainingData(
        courses=(Course("LOG", "logistics", 7, "en"),),
        requirements=(TrainingRequirement("R", "LOG", 10, 1, FAR, booked=4),),
        offers=(CourseOffer("O", "POL", "LOG", "SITE", day(3), 8, "en", seats_taken=5),),
    )
    plan = plan_training(data, AS_OF)
    assert booked(plan) == {("R", "O"): 3}
    assert [(s.requirement, s.quantity) for s in plan.shortfalls] == [("R", 3)]


def test_sessions_already_begun_are_not_offered() -> None:
    data = TrainingData(
        courses=(Course("SIG", "signals", 7, "en"),),
        requirements=(need("R", "SIG", 2, 1),),
        offers=(offer("STARTED", "SIG", -1, 8), offer("NEXT", "SIG", 9, 8)),
    )
    plan = plan_training(data, AS_OF)
    assert booked(plan) == {("R", "NEXT"): 2}


def test_confirmed_sessions_count_in_the_cohort_rule() -> None:
    """RB is fully booked (6 confirmed on B1, days 0-4), so only its confirmed trainees can
    move on; RA already has 2 of them confirmed on A1 (day 10), so the plan adds 4, not 8."""
    data = TrainingData(
        courses=(
            Course("BASIC", "signals basic", 5, "en"),
            Course("ADV", "signals advanced", 10, "en", prerequisite="BASIC"),
        ),
        requirements=(
            TrainingRequirement("RB", "BASIC", 6, 2, FAR, booked=6),
            TrainingRequirement("RA", "ADV", 10, 1, FAR, after="RB", booked=2),
        ),
        offers=(
            CourseOffer("B1", "DEU", "BASIC", "SITE", day(0), 10, "en", seats_taken=6),
            CourseOffer("A1", "DEU", "ADV", "SITE", day(10), 12, "en", seats_taken=2),
        ),
        bookings=(Booking("RB@B1#1", "B1", "RB", 6), Booking("RA@A1#1", "A1", "RA", 2)),
    )
    plan = plan_training(data, AS_OF)
    assert booked(plan) == {("RA", "A1"): 4}
    [shortfall] = plan.shortfalls
    assert (shortfall.requirement, shortfall.quantity) == ("RA", 4)

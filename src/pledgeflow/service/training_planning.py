"""Training as a §5 planning problem: the equipment planner places trainees on course seats.

The mapping (DESIGN §5, with seats for tonnes):
- each (course, language) is an item of one seat weighing 1 t, indivisible: trainees are whole,
  and a cohort needing another language than an offer's finds no compatible supply (`no_supply`);
- each offer is a committed pledge of its free seats, available on its start date, leaving its
  own virtual origin site; sessions that have already begun on `as_of` are not offered;
- one virtual hub per course duration (of every course, so the network is never empty), with
  `handling_days` = duration and 0-day lanes from each offer's origin and to the trainees'
  virtual destination, so that "arrival" is the day after the session's last day; its capacity
  is every free seat, so it never binds: seats are limited by the pledge quantity alone;
- each training requirement with trainees left unbooked is a requirement of them, needed by the
  day after its must-finish date, which is also its hard latest arrival (`Problem.req_latest`);
- a requirement that names the cohort it follows (`after`) adds a precedence pair
  (`Problem.precedence`): by any day, no more of the cohort may have started the later course
  than have finished the earlier one, confirmed sessions of both counted as credits.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.plans import Plan, Shortfall, ShortfallReason
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import Lane, Site, SiteKind
from pledgeflow.domain.training import Booking, Course, CourseOffer, TrainingRequirement
from pledgeflow.plan import Problem, VerificationReport, build_problem, make_plan, verify

TRAINEES_SITE = "TRAINEES"
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class TrainingData:
    """The records a training plan starts from; `bookings` are the confirmed ones."""

    courses: tuple[Course, ...]
    requirements: tuple[TrainingRequirement, ...]
    offers: tuple[CourseOffer, ...]
    bookings: tuple[Booking, ...] = ()


@dataclass(frozen=True, slots=True)
class TrainingPlan:
    """Proposed bookings (not yet confirmed), shortfalls in training words, and the verifier's
    report on the underlying §5 plan."""

    as_of: dt.date
    bookings: tuple[Booking, ...]
    shortfalls: tuple[Shortfall, ...]
    plan: Plan
    report: VerificationReport


def item_code(course: str, language: str) -> str:
    return f"{course}|{language}"


def _hub_code(duration_days: int) -> str:
    return f"SESSION-{duration_days}D"


def _origin_code(offer: CourseOffer) -> str:
    return f"OFFER:{offer.id}"


def planned_offers(data: TrainingData, as_of: dt.date) -> list[CourseOffer]:
    """Offers that still take trainees: free seats, and a session not yet begun."""
    return [o for o in data.offers if o.seats_free > 0 and o.start_date >= as_of]


def planned_requirements(data: TrainingData) -> list[TrainingRequirement]:
    return [r for r in data.requirements if r.unbooked > 0]


def _items(data: TrainingData) -> tuple[Item, ...]:
    by_code = {c.code: c for c in data.courses}
    codes = {item_code(o.course, o.language) for o in data.offers}
    codes |= {item_code(r.course, r.language_for(by_code[r.course])) for r in data.requirements}
    return tuple(
        Item(code, code, SupplyClass.X, "seat", Decimal(1000), divisible=False)
        for code in sorted(codes)
    )


def _sites(data: TrainingData, offers: list[CourseOffer]) -> tuple[list[Site], list[Lane]]:
    durations = {c.code: c.duration_days for c in data.courses}
    capacity = Decimal(max(sum(o.seats_free for o in offers), 1))
    hubs = {
        d: Site(_hub_code(d), f"sessions of {d} days", SiteKind.HUB, "--", capacity, d)
        for d in sorted(set(durations.values()))
    }
    sites = [Site(TRAINEES_SITE, "trainees", SiteKind.DELIVERY, "--"), *hubs.values()]
    lanes = [Lane(hub.code, TRAINEES_SITE, 0) for hub in hubs.values()]
    for offer in offers:
        origin = _origin_code(offer)
        sites.append(Site(origin, f"session {offer.id}", SiteKind.TRAINING, offer.trainer))
        lanes.append(Lane(origin, _hub_code(durations[offer.course]), 0))
    return sites, lanes


def training_dataset(data: TrainingData, as_of: dt.date) -> Dataset:
    """The §5 dataset for the offers and requirements still open on `as_of`."""
    by_code = {c.code: c for c in data.courses}
    offers = planned_offers(data, as_of)
    sites, lanes = _sites(data, offers)
    requirements = tuple(
        Requirement(
            id=r.id,
            item=item_code(r.course, r.language_for(by_code[r.course])),
            quantity=Decimal(r.unbooked),
            priority=r.priority,
            needed_by=r.must_finish_by + ONE_DAY,
            destination=TRAINEES_SITE,
            releasability=r.releasability,
        )
        for r in planned_requirements(data)
    )
    pledges = tuple(
        Pledge(
            id=o.id,
            donor=o.trainer,
            item=item_code(o.course, o.language),
            quantity=Decimal(o.seats_free),
            available_from=o.start_date,
            origin=_origin_code(o),
            status=PledgeStatus.COMMITTED,
            releasability=o.releasability,
        )
        for o in offers
    )
    return Dataset(
        items=_items(data),
        sites=tuple(sites),
        lanes=tuple(lanes),
        requirements=requirements,
        pledges=pledges,
    )


def training_problem(data: TrainingData, as_of: dt.date) -> Problem:
    """The planner's arrays, with hard finish dates and the cohorts' precedence pairs."""
    problem = build_problem(training_dataset(data, as_of))
    index = {req_id: r for r, req_id in enumerate(problem.req_ids)}
    planned = [r for r in planned_requirements(data) if r.id in index]
    latest = [(r.must_finish_by + ONE_DAY).toordinal() for r in planned]
    following = [r for r in planned if r.after is not None]
    return replace(
        problem,
        req_latest=np.asarray(latest, dtype=np.int64),
        precedence=tuple((index.get(r.after or "", -1), index[r.id]) for r in following),
        precedence_credits=tuple(_credits(data, r) for r in following),
    )


def _credits(data: TrainingData, later: TrainingRequirement) -> tuple[tuple[int, float], ...]:
    """Confirmed sessions count in the cohort rule: the earlier course's trainees have
    "arrived" the day after their session's last day, the later course's have "left" on its
    first day."""
    durations = {c.code: c.duration_days for c in data.courses}
    offers = {o.id: o for o in data.offers}
    credits: list[tuple[int, float]] = []
    for booking in data.bookings:
        offer = offers[booking.offer]
        if booking.requirement == later.after:
            done = offer.start_date + dt.timedelta(days=durations[offer.course])
            credits.append((done.toordinal(), float(booking.trainees)))
        elif booking.requirement == later.id:
            credits.append((offer.start_date.toordinal(), -float(booking.trainees)))
    return tuple(sorted(credits))


def horizon_for(data: TrainingData, as_of: dt.date, minimum: int = 180) -> int:
    """Long enough for every requirement's must-finish date (and at least `minimum` days)."""
    last = max((r.must_finish_by for r in data.requirements), default=as_of)
    return max(minimum, (last - as_of).days + 1)


def plan_training(
    data: TrainingData, as_of: dt.date, horizon_days: int | None = None
) -> TrainingPlan:
    """Place every open cohort on seats by the §5 tiers; bookings are proposals until confirmed."""
    problem = training_problem(data, as_of)
    horizon = horizon_days if horizon_days is not None else horizon_for(data, as_of)
    plan = make_plan(problem, as_of=as_of, horizon_days=horizon, clock=time.monotonic)
    report = verify(problem, plan)
    trainees: dict[tuple[str, str], int] = {}
    for a in plan.allocations:
        key = (a.requirement, a.pledge)
        trainees[key] = trainees.get(key, 0) + round(a.quantity)
    proposed = tuple(
        Booking(f"{req}@{offer}", offer, req, n) for (req, offer), n in trainees.items() if n >= 1
    )
    shortfalls = _worded(data, as_of, proposed, plan.shortfalls)
    return TrainingPlan(as_of, proposed, shortfalls, plan, report)


def _worded(
    data: TrainingData,
    as_of: dt.date,
    proposed: tuple[Booking, ...],
    shortfalls: tuple[Shortfall, ...],
) -> tuple[Shortfall, ...]:
    """The planner's reasons said in courses and sessions, not pledges and hubs.

    Sessions never bind in this mapping, so the planner's `hub_capacity` means one of two
    things, each given its own reason: seats that end in time are left but the cohort has not
    finished its prerequisite by then (`prerequisite_late`), or every such seat went to this
    cohort or to cohorts whose follow-on course needed them earlier (`no_seats`).
    """
    by_code = {c.code: c for c in data.courses}
    by_id = {r.id: r for r in data.requirements}
    left = {o.id: o.seats_free for o in planned_offers(data, as_of)}
    for booking in proposed:
        left[booking.offer] -= booking.trainees
    worded = []
    for shortfall in shortfalls:
        req = by_id[shortfall.requirement]
        course = by_code[req.course]
        language = req.language_for(course)
        reason, detail = shortfall.reason, shortfall.detail
        fitting = [o for o in data.offers if o.id in left and _fits(o, req, course)]
        if reason is ShortfallReason.NO_SUPPLY and fitting:
            # Every seat that ends in time already serves this cohort: the sessions are full.
            reason = ShortfallReason.NO_SEATS
            detail = f"every session of {course.code} ending by {req.must_finish_by} is full"
        elif reason is ShortfallReason.NO_SUPPLY:
            detail = f"no offer of {course.code} taught in {language} has free seats"
        elif reason is ShortfallReason.AFTER_HORIZON:
            detail = f"no session of {course.code} in {language} ends by {req.must_finish_by}"
        elif reason is ShortfallReason.HUB_CAPACITY:
            if req.after is not None and any(left[o.id] > 0 for o in fitting):
                reason = ShortfallReason.PREREQUISITE_LATE
                detail = (
                    f"seats are left, but not enough of the cohort finishes {req.after} "
                    f"({by_id[req.after].course}) before those sessions start"
                )
            else:
                reason = ShortfallReason.NO_SEATS
                detail = f"every session of {course.code} ending by {req.must_finish_by} is full"
        worded.append(replace(shortfall, reason=reason, detail=detail))
    return tuple(worded)


def _fits(offer: CourseOffer, req: TrainingRequirement, course: Course) -> bool:
    return (
        offer.course == req.course
        and offer.language == req.language_for(course)
        and offer.end_date(course) <= req.must_finish_by
    )

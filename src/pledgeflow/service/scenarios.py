"""Scenario use cases: store, list and delete named scenarios; run one; sweep every donor.

Runs never change the records: the snapshot is read in one transaction, the plans are made
outside any transaction (by `scenario_runs.run_task`, the job seam), and then one more
transaction writes only the run's own row, so the audit log gains exactly the scenario's
entries. Baseline and scenario are planned with the same date, horizon, time limit and
reference (the approved plan's undispatched lines, as `plan` uses), so their difference is
the scenario's alone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pledgeflow.adapters.scenario_repository import StoredScenario
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.exposure import DonorExposure, rank
from pledgeflow.domain.overlays import ChangeError
from pledgeflow.domain.plans import Plan
from pledgeflow.domain.scenario_diffs import Case, ScenarioDiff, compare
from pledgeflow.domain.scenario_texts import change_from_fields, fields_of, parse_change
from pledgeflow.domain.scenarios import ScenarioChange, Snapshot, Withdraw
from pledgeflow.service.errors import NotFound, Rejected, ServiceError
from pledgeflow.service.plans import _undispatched
from pledgeflow.service.scenario_runs import (
    SCENARIO_TIME_LIMIT_S,
    Runner,
    ScenarioTask,
    overlaid,
    run_tasks,
    sweep_cases,
)
from pledgeflow.service.unit_of_work import UnitOfWork

NAME_LENGTH = 100


class ScenarioExists(ServiceError):
    """A scenario of that name is already stored."""


@dataclass(frozen=True)
class RunOptions:
    as_of: dt.date
    horizon_days: int = 180
    time_limit: float | None = SCENARIO_TIME_LIMIT_S


@dataclass(frozen=True)
class ScenarioResult:
    """A baseline and a scenario planned alike, and what differs."""

    name: str | None
    changes: tuple[ScenarioChange, ...]
    baseline: Case
    scenario: Case
    diff: ScenarioDiff
    run_id: int


@dataclass(frozen=True)
class SweepResult:
    baseline: Case
    diffs: dict[str, ScenarioDiff]
    ranking: list[DonorExposure]


def parse_changes(rows: Sequence[Mapping[str, str | None]]) -> tuple[ScenarioChange, ...]:
    """Typed changes from their row form; every malformed row is reported, not just the first."""
    changes, problems = [], []
    for position, row in enumerate(rows, start=1):
        try:
            changes.append(change_from_fields(row, position))
        except ChangeError as error:
            problems.append(error)
    if problems:
        raise Rejected("the scenario's changes are malformed", problems)
    return tuple(changes)


def parse_texts(texts: Sequence[str], first: int = 1) -> tuple[ScenarioChange, ...]:
    """Typed changes from their one-line form; every malformed line is reported."""
    changes, problems = [], []
    for position, text in enumerate(texts, start=first):
        try:
            changes.append(parse_change(text, position))
        except ChangeError as error:
            problems.append(error)
    if problems:
        raise Rejected("the changes are malformed", problems)
    return tuple(changes)


def load_snapshot(uow: UnitOfWork, options: RunOptions) -> tuple[Snapshot, Plan | None]:
    """The records as they stand, and the approved plan's undispatched lines (the reference
    `plan` would use), read in one transaction."""
    with uow:
        recorded = uow.datasets.load()
        shipments = tuple(uow.shipments.all())
        approved = uow.plans.approved_id()
        stored = None if approved is None else uow.plans.get(approved)
        finance = uow.finance.load_finance()
    reference = None
    if stored is not None:
        reference = _undispatched(stored, approved, shipments, options.as_of)
    snapshot = Snapshot(recorded, shipments, options.as_of, options.horizon_days, finance)
    return snapshot, reference


def create_scenario(
    uow: UnitOfWork, name: str, description: str | None, changes: Sequence[ScenarioChange]
) -> StoredScenario:
    """Store a named scenario once its changes apply to today's records."""
    (stored,) = create_scenarios(uow, [(name, description, tuple(changes))])
    return stored


def create_scenarios(
    uow: UnitOfWork, entries: Sequence[tuple[str, str | None, tuple[ScenarioChange, ...]]]
) -> list[StoredScenario]:
    """Store several scenarios in one transaction (all or none), each checked against today's
    records; every problem of every scenario is reported at once."""
    problems: list[object] = []
    for name, _, changes in entries:
        if not name.strip() or len(name.strip()) > NAME_LENGTH:
            problems.append(f"scenario {name!r}: name: 1 to {NAME_LENGTH} characters")
        if not changes:
            problems.append(f"scenario {name!r}: changes: at least one change is needed")
    if problems:
        raise Rejected("the scenarios cannot be stored", problems)
    made = []
    with uow:
        snapshot = Snapshot(
            uow.datasets.load(), (), uow.now().date(), 180, uow.finance.load_finance()
        )
        for name, description, changes in entries:
            if uow.scenarios.get(name.strip()) is not None:
                raise ScenarioExists(f"scenario {name.strip()!r} already exists")
            try:
                overlaid(snapshot, changes)
            except Rejected as error:
                problems += [f"scenario {name!r}: {p}" for p in error.problems]
            rows = tuple(fields_of(c) for c in changes)
            made.append(StoredScenario(name.strip(), description, uow.actor, uow.now(), rows))
        if problems:
            raise Rejected("the scenarios cannot be stored", problems)
        for stored in made:
            uow.scenarios.add(stored)
        uow.commit("create_scenario")
    return made


def get_scenario(uow: UnitOfWork, name: str) -> StoredScenario:
    with uow:
        found = uow.scenarios.get(name)
    if found is None:
        raise NotFound(f"scenario {name!r} does not exist")
    return found


def list_scenarios(uow: UnitOfWork) -> list[StoredScenario]:
    with uow:
        names = uow.scenarios.names()
        found = [uow.scenarios.get(name) for name in names]
    return [s for s in found if s is not None]


def delete_scenario(uow: UnitOfWork, name: str) -> None:
    with uow:
        if uow.scenarios.get(name) is None:
            raise NotFound(f"scenario {name!r} does not exist")
        uow.scenarios.delete(name)
        uow.commit("delete_scenario")


def stored_changes(uow: UnitOfWork, name: str) -> tuple[ScenarioChange, ...]:
    try:
        return parse_changes(get_scenario(uow, name).changes)
    except DomainError as error:  # a stored change no longer parses (should not happen)
        raise ServiceError(f"scenario {name!r}: {error}") from error


def run_scenario(
    uow: UnitOfWork,
    changes: Sequence[ScenarioChange],
    options: RunOptions,
    *,
    name: str | None = None,
    runner: Runner = run_tasks,
) -> ScenarioResult:
    """Plan the baseline and the scenario alike, compare them, and log the run."""
    if not changes:
        raise Rejected("scenario", ["changes: give at least one change"])
    snapshot, reference = load_snapshot(uow, options)
    overlaid(snapshot, changes)  # refuse defective changes before any planning
    tasks = [
        ScenarioTask("baseline", snapshot, (), reference, options.time_limit),
        ScenarioTask(name or "scenario", snapshot, tuple(changes), reference, options.time_limit),
    ]
    baseline, scenario = runner(tasks)
    diff = compare(baseline, scenario)
    run_id = _record_run(uow, name, changes, options, diff, scenario.plan)
    return ScenarioResult(name, tuple(changes), baseline, scenario, diff, run_id)


def _record_run(
    uow: UnitOfWork,
    name: str | None,
    changes: Sequence[ScenarioChange],
    options: RunOptions,
    diff: ScenarioDiff,
    plan: Plan,
) -> int:
    tiers = {str(t.priority): round(t.lost, 9) for t in diff.tiers}
    with uow:
        run_id = uow.scenarios.add_run(
            {
                "scenario": name,
                "changes": "\n".join(c.text() for c in changes),
                "as_of": options.as_of,
                "horizon_days": options.horizon_days,
                "run_by": uow.actor,
                "run_at": uow.now(),
                "weighted_loss": round(diff.weighted_loss, 9),
                "tiers": json.dumps(tiers, sort_keys=True),
                "proven_optimal": bool(plan.quality and plan.quality.proven_optimal),
            }
        )
        uow.commit("run_scenario")
    return run_id


def sweep(uow: UnitOfWork, options: RunOptions, *, runner: Runner = run_tasks) -> SweepResult:
    """`withdraw X` for every donor with an undispatched firm pledge, each run logged.

    The baseline is planned first; a donor whose pledges the baseline does not use leaves it
    optimal (within its gap), so only the other donors' withdrawals are planned."""
    snapshot, reference = load_snapshot(uow, options)
    baseline, cases = sweep_cases(snapshot, reference, options.time_limit, runner)
    donors = list(cases)
    diffs: dict[str, ScenarioDiff] = {}
    optimal: dict[str, bool] = {}
    for donor in donors:
        case = cases[donor]
        diffs[donor] = compare(baseline, case)
        optimal[donor] = bool(case.plan.quality and case.plan.quality.proven_optimal)
        _record_run(uow, "(sweep)", (Withdraw(donor),), options, diffs[donor], case.plan)
    return SweepResult(baseline, diffs, rank(diffs, optimal))

"""Scenario benchmark on the demo data: one scenario (baseline + scenario) and the donor sweep.

Usage: PYTHONPATH=src:. python bench/scenarios.py [--workers N] [--time-limit S] [--skip-sweep]

The snapshot is the demo data set as generated (no shipments, no approved plan) at the demo's
plan date and horizon. The single scenario withdraws the donor with the most pledged units.
The sweep plans the baseline and one withdrawal per donor with undispatched firm pledges
(`scenario_runs.sweep_cases`: donors the baseline does not use reuse it), through
`run_tasks` (sequential, or a process pool with --workers). Each plan
is verified by `run_task`; plans that stopped at the time limit are counted and their largest
gap printed. Targets (issue 18): single ≤ 10 s, sweep ≤ 2 min.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from pledgeflow.demo.generator import DEMO_AS_OF, DEMO_HORIZON_DAYS, demo_dataset
from pledgeflow.domain.scenario_diffs import Case, compare
from pledgeflow.domain.scenarios import Snapshot, Withdraw
from pledgeflow.service.scenario_runs import (
    SCENARIO_TIME_LIMIT_S,
    ScenarioTask,
    run_tasks,
    sweep_cases,
)


def _gaps(cases: list[Case]) -> str:
    stopped = [
        c.plan.quality for c in cases if c.plan.quality and not c.plan.quality.proven_optimal
    ]
    if not stopped:
        return "all proven optimal"
    return f"{len(stopped)} stopped, largest gap {max(q.gap for q in stopped if q):.2%}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=SCENARIO_TIME_LIMIT_S)
    parser.add_argument("--skip-sweep", action="store_true")
    args = parser.parse_args()
    data = demo_dataset(1)
    snapshot = Snapshot(data, (), DEMO_AS_OF, DEMO_HORIZON_DAYS)
    units: Counter[str] = Counter()
    for pledge in data.pledges:
        if pledge.is_plannable:
            units[pledge.donor] += int(pledge.quantity)
    donor = units.most_common(1)[0][0]
    started = time.perf_counter()
    tasks = [
        ScenarioTask("baseline", snapshot, (), None, args.time_limit),
        ScenarioTask(donor, snapshot, (Withdraw(donor),), None, args.time_limit),
    ]
    baseline, scenario = run_tasks(tasks)
    single = time.perf_counter() - started
    diff = compare(baseline, scenario)
    print(
        f"single scenario (withdraw {donor}), baseline + scenario: {single:.1f} s "
        f"(target ≤ 10 s); weighted loss {diff.weighted_loss:.3f}; "
        f"{_gaps([baseline, scenario])}"
    )
    if args.skip_sweep:
        return
    started = time.perf_counter()
    baseline, cases = sweep_cases(
        snapshot, None, args.time_limit, lambda tasks: run_tasks(tasks, args.workers)
    )
    elapsed = time.perf_counter() - started
    planned = sum(1 for c in cases.values() if c.plan is not baseline.plan)
    print(
        f"sweep over {len(cases)} donors ({planned} planned, the rest reuse the baseline) "
        f"+ baseline on {args.workers} worker(s): {elapsed:.1f} s (target ≤ 120 s); "
        f"{_gaps([baseline, *cases.values()])}"
    )


if __name__ == "__main__":
    main()

"""Re-plan benchmark: planning again after a one-day change, against a cold plan of the same data.

Usage: PYTHONPATH=src:. python bench/replan.py [--sizes S] [--time-limit SIZE=SECONDS,...]

The change is the one issue 3 names: a few pledges changed (five pledges lose a quarter of
their quantity) and one hub closed for a day (the first hub, three days after as_of). The
baseline is a cold plan of the changed data; the re-plan is the same data planned with the
first plan as its reference (stability stage, warm start from its lines). Both run in this
process, one after the other, after a first plan of the unchanged data that gives the
reference. Each plan is verified; the ratio re-plan / cold is printed per size.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import time
from decimal import Decimal

from bench.planner import AS_OF, _instance

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Plan
from pledgeflow.domain.sites import HubCalendarEntry, SiteKind
from pledgeflow.plan import build_problem, make_plan, verify

CHANGED_PLEDGES = 5


def one_day_change(data: Dataset) -> Dataset:
    """Five pledges cut by a quarter, the first hub closed on as_of + 3."""
    pledges = list(data.pledges)
    for i in range(0, 10 * CHANGED_PLEDGES, 10):
        cut = (pledges[i].quantity * 3 / 4).to_integral_value()
        pledges[i] = dataclasses.replace(pledges[i], quantity=max(Decimal(1), cut))
    hub = next(site.code for site in data.sites if site.kind == SiteKind.HUB)
    day = AS_OF + dt.timedelta(days=3)
    closed = HubCalendarEntry(hub=hub, from_date=day, to_date=day, capacity_t_per_day=Decimal(0))
    return dataclasses.replace(
        data, pledges=tuple(pledges), hub_calendar=(*data.hub_calendar, closed)
    )


def _timed(
    data: Dataset, days: int, limit: float | None, reference: Plan | None
) -> tuple[Plan, float]:
    started = time.perf_counter()
    problem = build_problem(data)
    plan = make_plan(
        problem,
        as_of=AS_OF,
        horizon_days=days,
        time_limit=limit,
        reference=reference,
        clock=time.monotonic,
    )
    seconds = time.perf_counter() - started
    report = verify(problem, plan, reference)
    if not report.ok:
        raise SystemExit(f"plan failed verification: {report.violations[:3]}")
    return plan, seconds


def _status(plan: Plan) -> str:
    quality = plan.quality
    if quality is None:
        return "–"
    return "optimal" if quality.proven_optimal else f"gap {quality.gap:.2e}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="S")
    parser.add_argument("--time-limit", default="", help="per size, e.g. M=60")
    args = parser.parse_args()
    limits = {k: float(v) for k, v in (x.split("=") for x in args.time_limit.split(",") if x)}
    print(
        "| size | first plan s | cold plan of the change s | re-plan s | re-plan / cold |"
        " units moved | cold | re-plan |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for size in args.sizes.split(","):
        data, days = _instance(size)
        limit = limits.get(size)
        first, first_s = _timed(data, days, limit, None)
        changed = one_day_change(data)
        cold, cold_s = _timed(changed, days, limit, None)
        again, again_s = _timed(changed, days, limit, first)
        print(
            f"| {size} | {first_s:.2f} | {cold_s:.2f} | {again_s:.2f} | {again_s / cold_s:.3f} "
            f"| {again.notes['units_moved']:.0f} | {_status(cold)} | {_status(again)} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Exported plans hold every §5 rule as written: on random instances whose masses, capacities and
quantities make solver floats dusty (thirds of a tonne, 7.5 t/day hubs, 3-decimal quantities),
the optimiser's and the greedy method's plans are written as CSV and as a workbook, read back
from the files as a partner's system would, and re-checked by `verify` at tolerance 0."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_files import plan_sheets, read_csv, read_json, read_plan, read_xlsx
from test_planner import AS_OF, HORIZON, instances

from pledgeflow.adapters.exporters import write_sheets
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Plan
from pledgeflow.plan import build_problem, greedy_plan, make_plan, verify
from pledgeflow.plan.resolution import SCALE


@st.composite
def dusty_instances(draw: st.DrawFn) -> Dataset:
    """An instance whose numbers have no short binary form: masses of 333.333 kg, capacities of
    7.5 or 10.001 t/day, divisible quantities with three decimals."""
    data = draw(instances())
    masses = ["333.333", "333.333", "1000", "9000", "250.5", "1.7"]
    items = tuple(
        dataclasses.replace(item, unit_mass_kg=Decimal(draw(st.sampled_from(masses))))
        for item in data.items
    )
    divisible = {item.code for item in items if item.divisible}
    capacities = ["7.5", "10.001", "12", "0.333", "0.333", "3"]
    sites = tuple(
        dataclasses.replace(site, capacity_t_per_day=Decimal(draw(st.sampled_from(capacities))))
        if site.is_hub
        else site
        for site in data.sites
    )
    thousandths = st.integers(1, 20_000).map(lambda n: Decimal(n) / 1000)
    pledges = tuple(
        dataclasses.replace(p, quantity=draw(thousandths)) if p.item in divisible else p
        for p in data.pledges
    )
    requirements = tuple(
        dataclasses.replace(r, quantity=draw(thousandths)) if r.item in divisible else r
        for r in data.requirements
    )
    return dataclasses.replace(
        data, items=items, sites=sites, pledges=pledges, requirements=requirements
    )


def _assert_exact(data: Dataset, plan: Plan) -> None:
    problem = build_problem(data)
    for line in plan.allocations:
        millionths = Decimal(repr(line.quantity)) * SCALE
        assert millionths == millionths.to_integral_value(), line
    with TemporaryDirectory() as tmp:
        write_sheets(plan_sheets(plan), Path(tmp) / "csv")
        write_sheets(plan_sheets(plan), Path(tmp) / "plan.xlsx")
        for tables in (
            read_csv(Path(tmp) / "csv"),
            read_xlsx(Path(tmp) / "plan.xlsx"),
            read_json(plan),
        ):
            report = verify(problem, read_plan(plan, tables), tolerance=0.0)
            assert report.ok, report.violations


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dusty_instances())
def test_exported_plans_hold_every_rule_at_zero_tolerance(data: Dataset) -> None:
    problem = build_problem(data)
    _assert_exact(data, make_plan(problem, as_of=AS_OF, horizon_days=HORIZON))
    _assert_exact(data, greedy_plan(problem, as_of=AS_OF, horizon_days=HORIZON))

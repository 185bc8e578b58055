"""Whole units at their exact optimum: on random small instances where indivisible items heavier
than half a hub-day's capacity compete with divisible goods, the plan's tier fills F1..F5 equal
those of an explicit whole-unit MIP written here from the raw records (one variable per pledge ×
requirement × hub × day, integral for indivisible items), solved by SciPy's `milp`, and the plan
says it is proven optimal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import Lane, Site, SiteKind
from pledgeflow.plan import build_problem, make_plan, verify

AS_OF = dt.date(2026, 5, 1)
HORIZON = 6
TIERS = tuple(f"priority_{p}" for p in range(1, 6))


@st.composite
def heavy_and_divisible(draw: st.DrawFn) -> Dataset:
    """One depot, one or two hubs of `capacity` t/day, lanes of one day; heavy indivisible items
    (more than half a hub-day) beside divisible 1-t goods."""
    capacity = draw(st.integers(8, 16))
    heavy = [
        Item(f"H{i}", f"heavy {i}", SupplyClass.VII, "each",
             Decimal(draw(st.integers(capacity // 2 + 1, capacity))) * 1000, Decimal(1),
             divisible=False)
        for i in range(draw(st.integers(1, 2)))
    ]  # fmt: skip
    fuel = Item("F", "fuel", SupplyClass.III, "t", Decimal(1000), divisible=True)
    items = (*heavy, fuel)
    hubs = [f"HUB{h}" for h in range(draw(st.integers(1, 2)))]
    sites = [Site("DEP", "depot", SiteKind.DEPOT, "PL")]
    sites += [Site(h, h, SiteKind.HUB, "PL", Decimal(capacity), 0) for h in hubs]
    sites += [Site("D1", "D1", SiteKind.DELIVERY, "UA"), Site("D2", "D2", SiteKind.DELIVERY, "UA")]
    lanes = [Lane("DEP", h, 1) for h in hubs] + [Lane(h, d, 1) for h in hubs for d in ("D1", "D2")]
    codes = [item.code for item in items]
    requirements = tuple(
        Requirement(
            f"R{i}",
            code := draw(st.sampled_from(codes)),
            Decimal(draw(st.integers(1, 6) if code != "F" else st.integers(5, 60))),
            draw(st.integers(1, 5)),
            AS_OF + dt.timedelta(days=draw(st.integers(1, HORIZON))),
            draw(st.sampled_from(["D1", "D2"])),
        )
        for i in range(draw(st.integers(2, 5)))
    )
    pledges = tuple(
        Pledge(
            f"P{i}", "XX", code := draw(st.sampled_from(codes)),
            Decimal(draw(st.integers(1, 6) if code != "F" else st.integers(5, 80))),
            AS_OF + dt.timedelta(days=draw(st.integers(0, 2))), "DEP", PledgeStatus.COMMITTED,
        )
        for i in range(draw(st.integers(1, 4)))
    )  # fmt: skip
    return Dataset(
        items=items,
        sites=tuple(sites),
        lanes=tuple(lanes),
        requirements=requirements,
        pledges=pledges,
    )


def _explicit_mip(data: Dataset) -> dict[str, float]:
    """Lexicographic F1..F5 of the whole-unit model, every daily variable written out."""
    items = {i.code: i for i in data.items}
    hubs = [s for s in data.sites if s.is_hub]
    columns = []
    for p in data.pledges:
        for r in data.requirements:
            if p.item != r.item:
                continue
            for hub in hubs:
                first = (p.available_from - AS_OF).days + 1 + hub.handling_days
                for day in range(first, HORIZON - 1 + 1):  # hub → destination: 1 day
                    columns.append((p, r, hub, day))
    if not columns:
        return dict.fromkeys(TIERS, 0.0)
    rows: dict[tuple[str, object], int] = {}
    entries: list[tuple[int, int, float]] = []
    upper: list[float] = []
    for col, (p, r, hub, day) in enumerate(columns):
        mass = float(items[p.item].unit_mass_kg) / 1000
        for key, bound, coefficient in (
            (("p", p.id), float(p.quantity), 1.0),
            (("r", r.id), float(r.quantity), 1.0),
            (("h", (hub.code, day)), float(hub.capacity_t_per_day or 0), mass),
        ):
            if key not in rows:
                rows[key] = len(upper)
                upper.append(bound)
            entries.append((rows[key], col, coefficient))
    matrix = np.zeros((len(upper), len(columns)))
    for row, col, value in entries:
        matrix[row, col] = value
    integral = np.asarray([0 if items[c[0].item].divisible else 1 for c in columns])
    constraints = [LinearConstraint(matrix, -np.inf, np.asarray(upper))]
    values = {}
    for tier, name in enumerate(TIERS, start=1):
        cost = np.asarray(
            [-1.0 / float(r.quantity) if r.priority == tier else 0.0 for _, r, _, _ in columns]
        )
        result = milp(cost, constraints=constraints, integrality=integral, bounds=Bounds(0, np.inf),
                      options={"mip_rel_gap": 0.0})  # fmt: skip
        assert result.status == 0
        values[name] = -float(result.fun)
        constraints.append(LinearConstraint(cost, -np.inf, result.fun + 1e-9))
    return values


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(heavy_and_divisible())
def test_tier_fills_equal_the_explicit_whole_unit_mip(data: Dataset) -> None:
    problem = build_problem(data)
    # A generous MIP budget: these models prove in milliseconds, but the machine may be shared.
    plan = make_plan(problem, as_of=AS_OF, horizon_days=HORIZON, mip_seconds=120.0)
    report = verify(problem, plan, tolerance=0.0)
    assert report.ok, report.violations
    best = _explicit_mip(data)
    for name in TIERS:
        assert report.objective[name] == pytest.approx(best[name], rel=1e-6, abs=1e-6), name
    assert plan.quality is not None
    assert plan.quality.proven_optimal, plan.quality.method

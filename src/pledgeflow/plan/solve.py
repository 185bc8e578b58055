"""Lexicographic solve of §5's criteria: one HiGHS solve per criterion, each warm-starting the next.

Why sequential solves and not one weighted sum: safe weights for five fill tiers plus lateness,
substitution and transit would span many orders of magnitude, beyond what a simplex tolerance of
1e-7 can honour, so a "weighted" optimum could quietly trade a tier-1 unit for lateness. Solving
criterion by criterion and then pinning each optimum with one extra row (`c·x ≤ v + tol`) is
exact up to `tol`, and the simplex basis of one stage is a feasible start for the next, so later
stages cost a fraction of the first. Criteria whose cost vector is all zero are skipped, which
also makes inserting a new criterion (deliveries' "units moved" after the tiers) a list change.

Indivisible items: their columns are integer. The network is then a MIP; every stage is first
solved as an LP (its value is a valid bound and its duals price hub capacity), then as a MIP,
and the plan reports the largest relative gap between a stage's incumbent and its bound.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np

from pledgeflow.plan.build import Model
from pledgeflow.plan.problem import FloatArray

PIN_TOLERANCE = 1e-9
MIP_GAP = 1e-6

Progress = Callable[[str, float], None]


@dataclass
class StageResult:
    name: str
    value: float
    bound: float
    capacity_duals: FloatArray


@dataclass
class Solution:
    """Column values plus what the solver proved about them."""

    values: FloatArray
    stages: list[StageResult] = field(default_factory=list)
    proven_optimal: bool = True
    gap: float = 0.0
    solve_seconds: float = 0.0
    method: str = ""


class SolveError(RuntimeError):
    """HiGHS did not reach an optimum (it should always: the empty plan is feasible)."""


def _highs(model: Model, threads: int) -> highspy.Highs:
    lp = highspy.HighsLp()
    num_rows, num_cols = model.matrix.shape
    lp.num_col_ = num_cols
    lp.num_row_ = num_rows
    lp.col_cost_ = np.zeros(num_cols)
    lp.col_lower_ = np.zeros(num_cols)
    lp.col_upper_ = np.where(np.isinf(model.col_upper), highspy.kHighsInf, model.col_upper)
    lp.row_lower_ = np.where(np.isinf(model.row_lower), -highspy.kHighsInf, model.row_lower)
    lp.row_upper_ = model.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = model.matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = model.matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = model.matrix.data
    highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", threads)
    highs.setOptionValue("mip_rel_gap", MIP_GAP)
    highs.passModel(lp)
    return highs


def _run(highs: highspy.Highs, name: str) -> None:
    highs.run()
    status = highs.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise SolveError(f"stage {name}: HiGHS ended with {highs.modelStatusToString(status)}")


def _pin(highs: highspy.Highs, cost: FloatArray, value: float) -> None:
    """Hold a solved criterion at its optimum for every later stage."""
    cols = np.flatnonzero(cost).astype(np.int32)
    rhs = value + PIN_TOLERANCE * max(1.0, abs(value))
    highs.addRow(-highspy.kHighsInf, rhs, len(cols), cols, cost[cols])


def _capacity_duals(highs: highspy.Highs, model: Model) -> FloatArray:
    duals = np.asarray(highs.getSolution().row_dual)
    first = model.first_capacity_row
    return duals[first : first + model.capacity_t.size].reshape(model.capacity_t.shape)


def _lexicographic(
    highs: highspy.Highs, model: Model, progress: Progress | None, is_mip: bool
) -> list[StageResult]:
    label = "MIP" if is_mip else "LP"
    stages = [(name, cost) for name, cost in model.criteria if np.any(cost)]
    results = []
    for index, (name, cost) in enumerate(stages):
        if progress:
            progress(f"{label} {name}", index / max(len(stages), 1))
        highs.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
        _run(highs, name)
        value = float(highs.getInfo().objective_function_value)
        info = highs.getInfo()
        bound = float(info.mip_dual_bound) if is_mip else value
        duals = np.zeros_like(model.capacity_t) if is_mip else _capacity_duals(highs, model)
        results.append(StageResult(name, value, bound, duals))
        _pin(highs, cost, value)
    return results


def _gap(value: float, bound: float) -> float:
    return abs(value - bound) / max(1.0, abs(value))


def solve_model(model: Model, *, threads: int = 2, progress: Progress | None = None) -> Solution:
    """Solve every criterion in order; integer columns are handled as described above."""
    started = time.perf_counter()
    highs = _highs(model, threads)
    lp_stages = _lexicographic(highs, model, progress, is_mip=False)
    if not model.integral.any():
        values = np.asarray(highs.getSolution().col_value)
        seconds = time.perf_counter() - started
        return Solution(values, lp_stages, True, 0.0, seconds, "HiGHS simplex, lexicographic")
    highs = _highs(model, threads)
    cols = np.flatnonzero(model.integral).astype(np.int32)
    highs.changeColsIntegrality(len(cols), cols, np.full(len(cols), highspy.HighsVarType.kInteger))
    mip_stages = _lexicographic(highs, model, progress, is_mip=True)
    for lp_stage, mip_stage in zip(lp_stages, mip_stages, strict=True):
        mip_stage.capacity_duals = lp_stage.capacity_duals
    values = np.asarray(highs.getSolution().col_value)
    values[cols] = np.round(values[cols])
    gap = max(_gap(stage.value, stage.bound) for stage in mip_stages)
    seconds = time.perf_counter() - started
    method = "HiGHS branch-and-cut on indivisible items, lexicographic"
    return Solution(values, mip_stages, gap <= MIP_GAP, gap, seconds, method)

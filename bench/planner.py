"""Planner benchmark: pledgeflow against the greedy spreadsheet method and PuLP + CBC.

Usage: PYTHONPATH=src:. python bench/planner.py [--sizes S,M,L] [--timeout SECONDS]
       [--time-limit SIZE=SECONDS,...]

`--time-limit` gives pledgeflow's planner a time budget per size (`make_plan(time_limit=...)`):
it then stops where the budget finds it and reports its gap against a valid bound.

Each (size, method) runs in a fresh child process so that its peak RSS is its own; a run that
exceeds the timeout is reported as DNF with the time it was given. Instances come from the
demo generator (seed 1). Figures are printed as a Markdown table, then the ratios
pledgeflow / baseline measured in this same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import resource
import subprocess
import sys
import time

AS_OF = dt.date(2026, 11, 2)
SIZES = {
    "S": (1_000, 1_000, 4, 90),
    "M": (10_000, 10_000, 8, 180),
    "L": (50_000, 50_000, 10, 180),
}
METHODS = ("pledgeflow", "greedy", "pulp")


def _instance(size: str, family: str = "A"):  # type: ignore[no-untyped-def]
    from bench.family_b import generate_b

    from pledgeflow.demo.generator import generate

    requirements, pledges, hubs, days = SIZES[size]
    data = (generate_b if family == "B" else generate)(
        requirements=requirements,
        pledges=pledges,
        hubs=hubs,
        horizon_days=days,
        seed=1,
        as_of=AS_OF,
    )
    return data, days


def _quality(data, plan, days: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from pledgeflow.plan import build_problem, verify

    problem = build_problem(data)
    report = verify(problem, plan)
    counts = {p: sum(1 for r in data.requirements if r.priority == p) for p in range(1, 6)}
    fill = {p: report.objective[f"priority_{p}"] / counts[p] if counts[p] else 1.0 for p in counts}
    return {"verified": report.ok, "fill": fill, "lateness": report.objective["lateness"]}


def child(size: str, method: str, time_limit: float | None, family: str = "A") -> dict[str, object]:
    """One run; returns its figures (executed in the child process)."""
    data, days = _instance(size, family)
    started = time.perf_counter()
    if method == "pulp":
        from bench.baselines.pulp_daily import build_and_solve

        def built(seconds: float, variables: int) -> None:
            print(json.dumps({"build_s": seconds, "columns": variables}), flush=True)

        budget = float(sys.argv[4]) * 0.8
        run = build_and_solve(data, AS_OF, days, time_limit_s=budget, on_built=built)
        counts = {p: sum(1 for r in data.requirements if r.priority == p) for p in range(1, 6)}
        figures: dict[str, object] = {
            "build_s": run.build_s,
            "solve_s": run.solve_s,
            "finished": run.finished,
            "fill": {p: value / counts[p] for p, value in run.fill.items() if counts[p]},
            "lateness": run.lateness,
            "columns": run.variables,
        }
    else:
        from pledgeflow.plan import build_problem, greedy_plan, make_plan

        problem = build_problem(data)
        built = time.perf_counter()
        if method == "greedy":
            plan = greedy_plan(problem, as_of=AS_OF, horizon_days=days)
            figures = {"build_s": built - started, "solve_s": time.perf_counter() - built}
        else:
            plan = make_plan(
                problem, as_of=AS_OF, horizon_days=days, time_limit=time_limit, clock=time.monotonic
            )
            method_text = plan.quality.method if plan.quality else ""
            figures = {
                "gap_at": method_text.partition("gap measured at ")[2],
                "build_s": built - started + plan.notes["build_s"],
                "solve_s": plan.notes["solve_s"] + plan.notes["map_s"],
                "columns": plan.notes["columns"],
                "proven_optimal": plan.quality.proven_optimal if plan.quality else False,
                "gap": plan.quality.gap if plan.quality else None,
            }
        figures |= {"finished": True} | _quality(data, plan, days)
    figures["total_s"] = time.perf_counter() - started
    figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def _run(
    size: str, method: str, timeout: float, time_limit: float | None, family: str = "A"
) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", size, method, str(timeout), str(time_limit)]
    command.append(family)
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired as expired:
        partial: dict[str, object] = {"finished": False, "dnf": True}
        lines = (
            (expired.stdout or b"").decode()
            if isinstance(expired.stdout, bytes)
            else expired.stdout or ""
        )
        for line in lines.splitlines():
            if line.startswith("{"):
                partial |= json.loads(line)
        return partial | {"total_s": time.perf_counter() - started}
    except subprocess.CalledProcessError as error:
        return {"finished": False, "error": error.stderr.strip().splitlines()[-1:]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _cell(figures: dict[str, object], key: str) -> str:
    value = figures.get(key)
    return f"{value:.2f}" if isinstance(value, float) else "–"


def _row(size: str, method: str, figures: dict[str, object]) -> str:
    fill = figures.get("fill") or {}
    tiers = " / ".join(
        f"{float(fill[str(p)]):.3f}" if str(p) in fill else "–"  # type: ignore[index, operator]
        for p in (1, 2, 3, 4, 5)
    )
    if figures.get("dnf"):
        status = f"DNF in {figures['total_s']:.0f} s"
    elif figures.get("error"):
        status = f"error: {figures['error']}"
    elif not figures.get("finished"):
        status = "stopped at time limit"
    elif method.startswith("pledgeflow"):
        status = "optimal" if figures.get("proven_optimal") else f"gap {figures.get('gap'):.2e}"
        if figures.get("gap_at"):
            status += f" at {figures['gap_at']}"
    else:
        status = "verified" if figures.get("verified") else "ok"
    cells = [size, method] + [
        _cell(figures, k) for k in ("build_s", "solve_s", "total_s", "peak_rss_mib")
    ]
    return "| " + " | ".join([*cells, tiers, _cell(figures, "lateness"), status]) + " |"


def _not_below(ours: dict[str, object], greedy: dict[str, object]) -> str:
    """Whether `ours` is lexicographically at least greedy's (fills p1..p5, then lateness)."""
    a, b = ours.get("fill") or {}, greedy.get("fill") or {}
    for p in ("1", "2", "3", "4", "5"):
        x, y = float(a.get(p, 0.0)), float(b.get(p, 0.0))  # type: ignore[union-attr]
        if abs(x - y) > 1e-9:
            return "yes" if x > y else f"NO (p{p} {x:.4f} < {y:.4f})"
    x, y = float(ours.get("lateness") or 0.0), float(greedy.get("lateness") or 0.0)  # type: ignore[arg-type]
    return "yes" if x <= y + 1e-6 * max(1.0, y) else f"NO (lateness {x:.0f} > {y:.0f})"


def _status(figures: dict[str, object]) -> str:
    if not figures.get("finished"):
        return "did not finish"
    if figures.get("proven_optimal"):
        return "all proven"
    return f"gap {figures.get('gap'):.2e} at {figures.get('gap_at') or '?'}"


def _targets(
    family: str, results: dict[tuple[str, str], dict[str, object]], limits: dict[str, float]
) -> None:
    """Every target of issue 15 with its measured value (where this run measured it)."""
    print(f"\nTargets, family {family}:")
    s = results.get(("S", "pledgeflow"))
    if s:
        met = s.get("proven_optimal") and float(s.get("total_s") or 1e9) <= 10  # type: ignore[arg-type]
        print(
            f"- S every criterion proven in <= 10 s: {_status(s)}, {s.get('total_s', 0):.1f} s"
            f" -> {'met' if met else 'NOT met'}"
        )
    m30, m60, greedy = (results.get(("M", k)) for k in ("pledgeflow@30", "pledgeflow", "greedy"))
    if m30:
        at = str(m30.get("gap_at") or "")
        met = m30.get("proven_optimal") or not at.startswith("priority_")
        print(
            f"- M tiers 1-5 proven in <= 30 s: {_status(m30)}, {m30.get('total_s', 0):.1f} s"
            f" -> {'met' if met else 'NOT met'}"
        )
    if m60:
        met = m60.get("proven_optimal") or (
            m60.get("gap_at") == "lateness" and float(m60.get("gap") or 1) <= 0.05  # type: ignore[arg-type]
        )
        print(
            f"- M lateness proven or within 5% in <= 60 s: {_status(m60)},"
            f" {m60.get('total_s', 0):.1f} s -> {'met' if met else 'NOT met'}"
        )
    for name, run in (("30 s", m30), ("60 s", m60)):
        if run and greedy:
            print(f"- M plan ({name}) >= greedy lexicographically: {_not_below(run, greedy)}")
    big = results.get(("L", "pledgeflow"))
    if big:
        total, rss = float(big.get("total_s") or 0), float(big.get("peak_rss_mib") or 0)  # type: ignore[arg-type]
        gap = 0.0 if big.get("proven_optimal") else float(big.get("gap") or 1)  # type: ignore[arg-type]
        met = total <= 90 and rss <= 4096 and gap <= 0.005
        print(
            f"- L <= 90 s, <= 4 GiB, gap <= 0.5% at the first unproven criterion: {total:.1f} s,"
            f" {rss:.0f} MiB, {_status(big)} -> {'met' if met else 'NOT met'}"
        )
    for (size, label), run in sorted(results.items()):
        limit = 30.0 if label.endswith("@30") else limits.get(size)
        if label.startswith("pledgeflow") and limit and run.get("total_s"):
            total = float(run["total_s"])  # type: ignore[arg-type]
            met = "met" if total <= 1.1 * limit else "NOT met"
            print(
                f"- {size} whole run within 10% of its {limit:.0f} s limit: {total:.1f} s -> {met}"
            )
    print("- `pledgeflow plan` on the demo data <= 5 s end to end: not measured by this script")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--families", default="A,B", help="A: demo generator; B: bench/family_b")
    parser.add_argument("--timeout", type=float, default=240.0)
    parser.add_argument("--time-limit", default="M=60,L=80", help='pledgeflow only; "" for none')
    args = parser.parse_args()
    limits = {k: float(v) for k, v in (x.split("=") for x in args.time_limit.split(",") if x)}
    cpu = platform.processor() or platform.machine()
    print(f"machine: {cpu}, {platform.system()}, python {platform.python_version()}")
    header = ["family", "size", "method", "build s", "solve s", "total s", "peak RSS MiB"]
    header += ["fill p1/p2/p3/p4/p5", "lateness", "status"]
    print("| " + " | ".join(header) + " |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- |")
    every: dict[str, dict[tuple[str, str], dict[str, object]]] = {}
    for family in args.families.split(","):
        results = every.setdefault(family, {})
        for size in args.sizes.split(","):
            runs = [("pledgeflow", limits.get(size)), ("greedy", None)]
            if size == "M":
                runs.append(("pledgeflow@30", 30.0))
            if family == "A":
                runs.append(("pulp", None))
            for label, limit in runs:
                method = label.partition("@")[0]
                figures = _run(size, method, args.timeout, limit, family)
                results[(size, label)] = figures
                print(f"| {family} " + _row(size, label, figures), flush=True)
    for family, results in every.items():
        _targets(family, results, limits)
    print()
    for family, results in every.items():
        for size in args.sizes.split(","):
            ours = results[(size, "pledgeflow")]
            for method in ("greedy", "pulp"):
                theirs = results.get((size, method))
                if theirs is None:
                    continue
                ratios = []
                for key in ("build_s", "total_s"):
                    a, b = ours.get(key), theirs.get(key)
                    if (
                        isinstance(a, float)
                        and isinstance(b, float)
                        and b > 0
                        and theirs.get("finished")
                        and ours.get("finished")
                    ):
                        ratios.append(f"{key} {a / b:.3f}")
                shown = ", ".join(ratios) or "n/a (a run did not finish)"
                print(f"{family} {size}: pledgeflow / {method}: {shown}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        limit = None if sys.argv[5] == "None" else float(sys.argv[5])
        family = sys.argv[6] if len(sys.argv) > 6 else "A"
        print(json.dumps(child(sys.argv[2], sys.argv[3], limit, family), default=str))
    else:
        main()

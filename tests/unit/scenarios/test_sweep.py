"""The sweep: withdrawals that only take unused supply reuse the baseline, and agree with a
fresh plan; the ranking puts the donor whose loss is most urgent first."""

from __future__ import annotations

from scenario_instances import case, item, need, offer, snapshot

from pledgeflow.domain.exposure import concentration, rank
from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.domain.scenario_diffs import compare
from pledgeflow.domain.scenarios import Snapshot, Withdraw
from pledgeflow.service.scenario_runs import ScenarioTask, reuse_baseline, sweep_cases


def _base() -> Snapshot:
    """R1 (A, P1) is served by USA alone; DEU's B is needed by R2 (P3) only in part, and DEU's
    spare C serves nobody; FRA's announced A is not firm, so FRA is not swept."""
    return snapshot(
        (item("A"), item("B"), item("C")),
        (need("R1", "A", 10, 1, 5), need("R2", "B", 4, 3, 5)),
        (
            offer("P1", "USA", "A", 10),
            offer("P2", "DEU", "B", 6),
            offer("P3", "DEU", "C", 5),
            offer("P4", "USA", "C", 1, status=PledgeStatus.ANNOUNCED),
        ),
    )


def test_an_unused_donor_reuses_the_baseline_and_agrees_with_a_fresh_plan() -> None:
    base = _base()
    data = base.dataset
    unused = snapshot(data.items, data.requirements, (*data.pledges, offer("P9", "DEU", "C", 2)))
    baseline = case(unused)
    task = ScenarioTask("DEU-C", unused, (Withdraw("DEU"),), None)
    assert reuse_baseline(task, baseline) is None  # DEU's B is in the baseline plan
    only_c = snapshot(data.items, data.requirements, (data.pledges[0], data.pledges[2]))
    baseline = case(only_c)
    reused = reuse_baseline(ScenarioTask("x", only_c, (Withdraw("DEU"),), None), baseline)
    assert reused is not None
    fresh = case(only_c, Withdraw("DEU"))
    assert compare(fresh, reused).requirements == []
    assert reused.fractions() == fresh.fractions()


def test_the_sweep_ranks_donors_by_weighted_loss_and_flags_single_points() -> None:
    baseline, cases = sweep_cases(_base(), None, None)
    assert set(cases) == {"USA", "DEU"}
    diffs = {donor: compare(baseline, c) for donor, c in cases.items()}
    ranking = rank(diffs, {})
    assert [(d.donor, d.weighted_loss) for d in ranking] == [("USA", 16.0), ("DEU", 4.0)]
    found = {c.requirement: c for c in concentration(baseline, diffs)}
    assert (found["R1"].largest_donor, found["R1"].share, found["R1"].single_point) == (
        "USA",
        1.0,
        True,
    )
    assert found["R2"].units_lost_if_withdrawn == 4.0

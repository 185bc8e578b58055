"""Stored scenarios on real SQLite and PostgreSQL: create, run, delete are logged commands,
the log still reconciles with the tables, and bad changes store nothing."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pytest
from tests.integration.test_replanning import two_needs

from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.financing import FinanceRecords, Fund, FundContribution
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.scenario_texts import parse_change
from pledgeflow.service import audit, scenarios
from pledgeflow.service.errors import NotFound, Rejected
from pledgeflow.service.scenario_reports import write_result

DAY = dt.date(2026, 11, 25)


def seeded(container: Container) -> None:
    with container.uow() as uow:
        uow.datasets.save(two_needs())
        uow.commit("seed")


def commands(container: Container, since: int) -> list[tuple[str, str]]:
    return [(e["command"], e["change"]["table"]) for e in audit.show(container.uow(), since, 1000)]


def log_size(container: Container) -> int:
    with container.uow() as uow:
        return uow.audit.head()[0]


def test_create_run_delete_are_logged_and_the_log_reconciles(
    container: Container, tmp_path: Path
) -> None:
    seeded(container)
    start = log_size(container)
    changes = [parse_change("withdraw POL"), parse_change("priority R-2 1")]
    scenarios.create_scenario(container.uow(), "no-poland", "Poland stops", changes)
    created = log_size(container)
    assert set(commands(container, start)) == {
        ("create_scenario", "scenarios"),
        ("create_scenario", "scenario_changes"),
    }
    stored = scenarios.stored_changes(container.uow(), "no-poland")
    assert [c.text() for c in stored] == ["withdraw POL", "priority R-2 1"]
    options = scenarios.RunOptions(DAY, 60, None)
    result = scenarios.run_scenario(container.uow(), stored, options, name="no-poland")
    assert commands(container, created) == [("run_scenario", "scenario_runs")]
    # POL is the only donor: both needs go to 0, all for want of supply.
    assert {(c.requirement, c.fill_after, c.reason_after) for c in result.diff.requirements} == {
        ("R-1", 0.0, "no_supply"),
        ("R-2", 0.0, "no_supply"),
    }
    write_result(result, tmp_path / "out")
    diff_csv = (tmp_path / "out" / "scenario_diff.csv").read_text(encoding="utf-8")
    assert diff_csv.splitlines()[0] == (
        "requirement,priority,item,quantity,fill_before,fill_after,reason_after,detail"
    )
    assert "R-1,1,GEN-10,12" in diff_csv
    asks_csv = (tmp_path / "out" / "asks.csv").read_text(encoding="utf-8")
    assert "scenario,GEN-10," in asks_csv
    scenarios.delete_scenario(container.uow(), "no-poland")
    with pytest.raises(NotFound):
        scenarios.get_scenario(container.uow(), "no-poland")
    report = audit.verify_log(container.uow(), container.settings)
    assert report.ok, report.row_findings
    with container.uow() as uow:
        (run,) = uow.scenarios.runs()
    assert run["scenario"] == "no-poland"
    # R-1 (tier 1) and R-2 (tier 2 in the records, tier 1 in the scenario) lose all fill.
    assert json.loads(run["tiers"]) == {"1": 1.0, "2": 1.0}


def test_bad_changes_name_change_field_reason_and_store_nothing(container: Container) -> None:
    seeded(container)
    start = log_size(container)
    changes = [
        parse_change("withdraw XXX"),
        parse_change("close HUB-RZE 2026-12-10 2026-12-01"),
        parse_change("cut POL 1.5"),
    ]
    with pytest.raises(Rejected) as raised:
        scenarios.create_scenario(container.uow(), "bad", None, changes)
    problems = [str(p) for p in raised.value.problems]
    assert problems == [
        "scenario 'bad': change 1 (withdraw XXX): donor: no party 'XXX'",
        "scenario 'bad': change 2 (close HUB-RZE 2026-12-10 2026-12-01): "
        "to: 2026-12-01 is before 'from' 2026-12-10",
        "scenario 'bad': change 3 (cut POL 1.5): fraction: must be more than 0 and at most 1",
    ]
    assert log_size(container) == start
    assert scenarios.list_scenarios(container.uow()) == []


def test_a_run_reads_the_fund_contributions_that_withdraw_takes_back(
    container: Container,
) -> None:
    """P-2 (8 units) was bought by fund F, 60 % DEU and 40 % NLD: the snapshot a run starts
    from carries the stored financing records, so "withdraw DEU" leaves P-2 with 40 %."""
    data = two_needs()
    bought = replace(data.pledges[1], fund="F")
    donors = tuple(Party(c, c, frozenset({Role.DONOR})) for c in ("DEU", "NLD"))
    with container.uow() as uow:
        uow.datasets.save(replace(data, parties=(*data.parties, *donors)))
        uow.datasets.save(Dataset(pledges=(bought,)))
        uow.finance.save_finance(
            FinanceRecords(
                funds=(Fund("F", "Fund", "DEU"),),
                fund_contributions=(
                    FundContribution("F", "DEU", Decimal(60), "EUR", DAY),
                    FundContribution("F", "NLD", Decimal(40), "EUR", DAY),
                ),
            )
        )
        uow.commit("seed")
    snapshot, _ = scenarios.load_snapshot(container.uow(), scenarios.RunOptions(DAY, 60, None))
    after = parse_change("withdraw DEU").apply(snapshot)
    item = next(i for i in data.items if i.code == bought.item)
    step = Decimal("0.001") if item.divisible else Decimal(1)
    kept = {p.id: p.quantity for p in after.dataset.pledges}
    assert kept["P-2"] == (Decimal(8) * Decimal("0.4")).quantize(step, ROUND_DOWN)
    assert kept["P-3"] == Decimal(6), "a pledge no fund bought is untouched"

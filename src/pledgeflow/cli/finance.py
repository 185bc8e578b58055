"""`pledgeflow finance …`: debt service, the servicing pool with money scenarios, exposure.

The records come in with `pledgeflow import` (the financing sheets of DESIGN §6); these
commands compute the figures and write them as `debt_service.csv` and `pool_periods.csv`.
The command line acts for the operator, who sees every record.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pledgeflow.adapters.exporters.finance import debt_service_sheet, pool_periods_sheet
from pledgeflow.adapters.exporters.sheets import Sheet, write_sheets
from pledgeflow.cli.context import console, container, option_date, user_errors
from pledgeflow.domain.finance_figures import LenderExposure, ScenarioComparison
from pledgeflow.domain.money_scenarios import Ceiling, FxFactor, InflowFactor, Lapse, MoneyScenario
from pledgeflow.domain.servicing_pools import PoolPeriod
from pledgeflow.service import finance as service
from pledgeflow.service.access import Principal, Role
from pledgeflow.service.errors import ServiceError

app = typer.Typer(help="Financing: debt service, servicing pools and money scenarios, exposure.")
OPERATOR = Principal("cli", Role.COORDINATOR)
OutOption = Annotated[Path | None, typer.Option("--out", help="Folder for the CSV files.")]


def _number(text: str, option: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ServiceError(f"{option} {text!r}: not a number") from error


def _pair(text: str, option: str) -> tuple[str, Decimal]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise ServiceError(f"{option} {text!r}: expected NAME=NUMBER")
    return name, _number(value, option)


def _write(out: Path | None, sheets: dict[str, Sheet]) -> None:
    if out is not None:
        write_sheets(sheets, out)
        console.print(f"Wrote {', '.join(f'{n}.csv' for n in sheets)} to {out}/")


@app.command("schedule")
def schedule_command(
    facility: Annotated[str | None, typer.Option(help="One facility only.")] = None,
    out: OutOption = None,
) -> None:
    """Debt service per facility and period (interest, principal; currency and EUR)."""
    with user_errors():
        lines = service.schedule(container().uow(), OPERATOR, facility)
        _write(out, {"debt_service": debt_service_sheet(lines)})
    table = Table(title="Debt service by facility (whole projection)")
    for name in ("facility", "lender", "currency", "disbursed", "interest", "principal", "early"):
        table.add_column(name, justify="right")
    for code in sorted({ln.facility for ln in lines}):
        own = [ln for ln in lines if ln.facility == code]
        total = [sum((getattr(ln, f) for ln in own), Decimal(0)) for f in _SUMMED]
        table.add_row(code, own[0].lender, own[0].currency, *(f"{t:,.2f}" for t in total))
    console.print(table)


_SUMMED = ("disbursed", "interest", "principal", "early_repayment")


def _scenarios(
    lapse: str | None,
    inflows: str | None,
    inflows_from: str | None,
    ceilings: Sequence[str],
    fx: Sequence[str],
    fx_from: str | None,
) -> list[MoneyScenario]:
    made: list[MoneyScenario] = []
    if lapse is not None:
        made.append(Lapse(option_date(lapse, "--lapse")))
    if inflows is not None:
        start = None if inflows_from is None else option_date(inflows_from, "--inflows-from")
        made.append(InflowFactor(_number(inflows, "--inflows"), start))
    made += [Ceiling(*_pair(text, "--ceiling")) for text in ceilings]
    fx_start = None if fx_from is None else option_date(fx_from, "--fx-from")
    made += [FxFactor(*_pair(text, "--fx"), fx_start) for text in fx]
    return made


@app.command("pool")
def pool_command(
    pool: Annotated[str, typer.Argument(help="The pool's code.")],
    lapse: Annotated[str | None, typer.Option(help="Inflows after this date stop.")] = None,
    inflows: Annotated[str | None, typer.Option(help="Multiply inflows by F.")] = None,
    inflows_from: Annotated[str | None, typer.Option(help="…from this date on.")] = None,
    ceiling: Annotated[list[str] | None, typer.Option(help="FACILITY=AMOUNT")] = None,
    fx: Annotated[list[str] | None, typer.Option(help="CURRENCY=F: multiply per_eur.")] = None,
    fx_from: Annotated[str | None, typer.Option(help="…from this date on.")] = None,
    out: OutOption = None,
) -> None:
    """The pool's waterfall per period, before and after the money scenarios given."""
    with user_errors():
        made = _scenarios(lapse, inflows, inflows_from, ceiling or [], fx or [], fx_from)
        compared = service.pool_scenario(container().uow(), pool, made)
        sheets = {
            "pool_periods": pool_periods_sheet(compared.scenario),
            "debt_service": debt_service_sheet(compared.service),
        }
        if made:
            sheets["pool_periods_baseline"] = pool_periods_sheet(compared.baseline)
        _write(out, sheets)
    print_comparison(compared, bool(made))


def _first(period: PoolPeriod | None) -> str:
    if period is None:
        return "none (every period covered)"
    return f"{period.period_end.isoformat()} (coverage {period.coverage})"


def print_comparison(compared: ScenarioComparison, scenario: bool) -> None:
    table = Table(title=f"Pool {compared.pool}: periods" + (" (baseline → scenario)" * scenario))
    for name in ("period end", "inflows", "due", "paid", "arrears", "buffer", "coverage"):
        table.add_column(name, justify="right")
    baseline = {p.period_end: p for p in compared.baseline}
    for p in compared.scenario:
        b = baseline.get(p.period_end)
        cells = [
            _pair_text(None if b is None else getattr(b, name), getattr(p, name), scenario)
            for name in ("inflows_eur", "due_eur", "paid_eur", "arrears_eur")
        ] + [
            f"{p.buffer_eur:,.0f}",
            "" if p.coverage is None else str(p.coverage),
        ]
        table.add_row(p.period_end.isoformat(), *cells)
    console.print(table)
    if scenario:
        console.print(
            f"Baseline: first period with coverage < 1: {_first(compared.baseline_first_shortfall)}"
        )
    console.print(f"First period with coverage < 1: {_first(compared.first_shortfall)}")
    print_exposure(compared.arrears_at_end, "Arrears per lender at the end")


def _pair_text(before: Decimal | None, after: Decimal, scenario: bool) -> str:
    if not scenario or before is None or before == after:
        return f"{after:,.0f}"
    return f"{before:,.0f} → {after:,.0f}"


def print_exposure(rows: Sequence[LenderExposure], title: str) -> None:
    table = Table(title=title)
    for name in ("lender", "currency", "outstanding", "arrears", "outstanding EUR", "arrears EUR"):
        table.add_column(name, justify="right")
    for e in rows:
        amounts = (e.outstanding, e.arrears, e.outstanding_eur, e.arrears_eur)
        table.add_row(e.lender, e.currency, *(f"{a:,.2f}" for a in amounts))
    console.print(table)


@app.command("exposure")
def exposure_command(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="At the end of the last period before (default: today)."),
    ] = None,
) -> None:
    """Per lender: outstanding principal and arrears, in its currency and in EUR."""
    with user_errors():
        day = option_date(as_of)
        rows = service.exposure(container().uow(), OPERATOR, day)
    print_exposure(rows, f"Lender exposure as at {day.isoformat()} (projected)")

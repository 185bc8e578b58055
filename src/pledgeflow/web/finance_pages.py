"""The financing page: lenders' disbursements and outstanding debt, each pool's coverage per
period with the 1.0 line, and a money scenario against the baseline.

Everyone may open it and sees the pools' aggregates (the public cell); facilities, debt
service and exposure show only to roles the policy lets read financing, narrowed by the
one scope rule (a donor liaison: its own nation's facilities). The scenario is a GET form:
it changes nothing, so it needs no CSRF token and its URL can be shared.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from pledgeflow.adapters.reports.charts import Chart, Series, column_drawing, line_drawing
from pledgeflow.adapters.reports.finance_section import coverage_values
from pledgeflow.api.deps import get_container
from pledgeflow.domain.debt_service import ServiceLine
from pledgeflow.domain.money_scenarios import Ceiling, InflowFactor, Lapse, MoneyScenario
from pledgeflow.service import finance
from pledgeflow.service.access import Action, Principal, Resource, allowed
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.web.chart_downloads import ChartName, chart_download
from pledgeflow.web.rendering import render
from pledgeflow.web.sessions import Looker, require

router = APIRouter()
BN = Decimal(1_000_000_000)
Text = Annotated[str, Query(max_length=64)]


def _per_period(lines: list[ServiceLine], ends: list[dt.date], field: str) -> list[Series]:
    """One series per lender, one value per period end: the lender's facilities summed, each
    at its period's rate, in EUR bn (zero where a lender has nothing in that period)."""
    totals: dict[tuple[str, dt.date], Decimal] = {}
    for ln in lines:
        key = (ln.lender, ln.period_end)
        totals[key] = totals.get(key, Decimal(0)) + getattr(ln, field) / ln.per_eur / BN
    lenders = sorted({ln.lender for ln in lines})
    return [
        Series(lender, [float(totals.get((lender, end), Decimal(0))) for end in ends])
        for lender in lenders
    ]


def _lender_charts(lines: list[ServiceLine]) -> list[Chart]:
    """Issue 19: disbursed and outstanding by lender over time, stacked per period end."""
    if not lines:
        return []
    ends = sorted({ln.period_end for ln in lines})
    labels = [e.isoformat() for e in ends]
    return [
        column_drawing(
            "Disbursed by lender per period, stacked (EUR bn)",
            labels,
            _per_period(lines, ends, "disbursed"),
        ),
        column_drawing(
            "Outstanding by lender per period, stacked (EUR bn)",
            labels,
            _per_period(lines, ends, "outstanding_end"),
        ),
    ]


def _scenarios(lapse: str, inflows: str, ceiling: str) -> list[MoneyScenario]:
    """The form's scenarios; a malformed value is the user's mistake, named by its field."""
    made: list[MoneyScenario] = []
    try:
        if lapse:
            made.append(Lapse(dt.date.fromisoformat(lapse)))
        if inflows:
            made.append(InflowFactor(Decimal(inflows)))
        if ceiling:
            code, _, amount = ceiling.partition("=")
            made.append(Ceiling(code, Decimal(amount)))
    except (ValueError, InvalidOperation) as error:
        raise ServiceError(f"scenario: {error}") from error
    return made


def _pool_part(uow: RequestUnitOfWork, pool: str, made: list[MoneyScenario]) -> dict[str, Any]:
    compared = finance.pool_scenario(uow, pool, made)
    labels = [p.period_end.isoformat() for p in compared.scenario]
    series = [Series("baseline", coverage_values(compared.baseline))]
    if made:
        series.append(Series("scenario", coverage_values(compared.scenario)))
    series.append(Series("1.0", [1.0] * len(labels)))
    chart = line_drawing(
        f"Coverage per period, pool {pool} (capped at 3)", labels, series, floor_peak=1.0
    )
    return {"compared": compared, "coverage_chart": chart, "scenario": bool(made)}


def _context(request: Request, viewer: Looker, form: dict[str, str]) -> tuple[dict[str, Any], int]:
    """What the page shows this viewer, and its status; the chart downloads read the same."""
    principal: Principal = require(viewer, Action.READ, Resource.PUBLIC)
    engine = get_container(request).engine
    uow = RequestUnitOfWork(engine, principal)
    pools = sorted(finance.pools_overview(uow))
    context: dict[str, Any] = {
        "pools": pools,
        "form": form | {"pool": form["pool"] or (pools[0] if pools else "")},
        "error": "",
        "lender_charts": [],
        "exposure": [],
        "query": request.url.query,
    }
    if allowed(principal, Action.READ, Resource.FINANCE):
        context["lender_charts"] = _lender_charts(finance.schedule(uow, principal))
        context["exposure"] = finance.exposure(uow, principal)
    status = 200
    try:
        if context["form"]["pool"]:
            made = _scenarios(form["lapse"], form["inflows"], form["ceiling"])
            context |= _pool_part(uow, context["form"]["pool"], made)
    except (ServiceError, ValueError) as error:
        context["error"], status = str(error), 422
    return context, status


@router.get("/ui/finance")
def finance_page(
    request: Request,
    viewer: Looker,
    pool: Text = "",
    lapse: Text = "",
    inflows: Text = "",
    ceiling: Text = "",
) -> HTMLResponse:
    form = {"pool": pool, "lapse": lapse, "inflows": inflows, "ceiling": ceiling}
    context, status = _context(request, viewer, form)
    return render(request, viewer, "finance.html.j2", context, status=status)


@router.get("/ui/finance/charts/{chart}.csv")
def finance_chart_csv(
    request: Request,
    viewer: Looker,
    chart: ChartName,
    pool: Text = "",
    lapse: Text = "",
    inflows: Text = "",
    ceiling: Text = "",
) -> Response:
    """The rows a chart of the page was drawn from, for the same viewer and the same form."""
    form = {"pool": pool, "lapse": lapse, "inflows": inflows, "ceiling": ceiling}
    context, _ = _context(request, viewer, form)
    drawn = [*context["lender_charts"], *filter(None, [context.get("coverage_chart")])]
    return chart_download(drawn, chart)

"""`pledgeflow ship …`: record shipment events one by one or from a sheet, and see deliveries.

Without --event-id an event is named from its content (shipment, event, date, quantity), so
running the same command twice records it once; give --event-id to record two events that
would otherwise look the same.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pledgeflow.cli.context import console, container, option_date, user_errors
from pledgeflow.domain.shipments import (
    AllocationRef,
    EventKind,
    Shipment,
    ShipmentEvent,
    Stage,
    quantity_text,
)
from pledgeflow.service import shipments as service
from pledgeflow.service.allocation_tracking import track_allocations
from pledgeflow.service.deliveries import (
    delivery_state,
    fulfilment,
    in_transit,
    pledge_progress,
)
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.hub_throughput import hub_days, over_capacity_text

app = typer.Typer(
    help="Shipments: record what moved (dispatch … deliver, lose) and see deliveries."
)

QuantityOption = Annotated[str, typer.Option("--quantity", "-q", help="How many units.")]
DateOption = Annotated[
    str | None, typer.Option(help="The day the event happened, YYYY-MM-DD (default: today).")
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Show things as they stood at the end of this day, counting only events "
        "recorded up to it; YYYY-MM-DD (default: today).",
    ),
]
SiteOption = Annotated[str | None, typer.Option(help="Site code (default: where it happens).")]
EventIdOption = Annotated[str | None, typer.Option(help="Event id (default: from content).")]
NoteOption = Annotated[str | None, typer.Option(help="Free text kept with the event.")]
ShipmentArgument = Annotated[str, typer.Argument(help="Shipment id.")]
_STAGES = tuple(Stage)


def _quantity(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ServiceError(f"--quantity {text!r}: not a number") from error


def _record(
    kind: EventKind,
    shipment: str,
    quantity: str,
    date: str | None,
    site: str | None,
    event_id: str | None,
    note: str | None,
    allocation: str | None = None,
) -> None:
    with user_errors():
        day, amount = option_date(date, "--date"), _quantity(quantity)
        ref = AllocationRef.parse(allocation) if allocation else None
        name = event_id or f"{shipment}:{kind}:{day}:{quantity_text(amount)}"
        event = ShipmentEvent(name, shipment, kind, day, amount, site, note, ref)
        outcome = service.record_event(container().uow(), event)
    state = outcome.shipment.tally()
    verb = "Recorded" if outcome.new else "Already recorded (nothing changed):"
    console.print(
        f"{verb} {kind} {quantity_text(amount)} of shipment {shipment} (event {name}); "
        f"moving {quantity_text(state.moving)}, delivered {quantity_text(state.delivered)}"
    )


@app.command()
def dispatch(
    shipment: ShipmentArgument,
    allocation: Annotated[
        str, typer.Option(help="plan/pledge/requirement/hub, or unplanned/pledge/requirement/hub.")
    ],
    quantity: QuantityOption,
    date: DateOption = None,
    site: SiteOption = None,
    event_id: EventIdOption = None,
    note: NoteOption = None,
) -> None:
    """Open a shipment: goods left the pledge's origin depot."""
    _record(EventKind.DISPATCHED, shipment, quantity, date, site, event_id, note, allocation)


@app.command()
def receive(
    shipment: ShipmentArgument,
    quantity: QuantityOption,
    date: DateOption = None,
    site: SiteOption = None,
    event_id: EventIdOption = None,
    note: NoteOption = None,
) -> None:
    """Goods arrived at the shipment's hub."""
    _record(EventKind.RECEIVED_AT_HUB, shipment, quantity, date, site, event_id, note)


@app.command()
def depart(
    shipment: ShipmentArgument,
    quantity: QuantityOption,
    date: DateOption = None,
    site: SiteOption = None,
    event_id: EventIdOption = None,
    note: NoteOption = None,
) -> None:
    """Goods left the hub towards the destination."""
    _record(EventKind.DEPARTED_HUB, shipment, quantity, date, site, event_id, note)


@app.command()
def deliver(
    shipment: ShipmentArgument,
    quantity: QuantityOption,
    date: DateOption = None,
    site: SiteOption = None,
    event_id: EventIdOption = None,
    note: NoteOption = None,
) -> None:
    """Goods reached the requirement's destination."""
    _record(EventKind.DELIVERED, shipment, quantity, date, site, event_id, note)


@app.command()
def lose(
    shipment: ShipmentArgument,
    quantity: QuantityOption,
    damaged: Annotated[bool, typer.Option(help="Damaged rather than lost.")] = False,
    date: DateOption = None,
    site: SiteOption = None,
    event_id: EventIdOption = None,
    note: NoteOption = None,
) -> None:
    """Write goods off as lost (or --damaged): at the origin's lane, the hub, or the destination's
    lane, named by --site (origin, hub or destination)."""
    kind = EventKind.DAMAGED if damaged else EventKind.LOST
    _record(kind, shipment, quantity, date, site, event_id, note)


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="A workbook or CSV with a shipment_events table.")],
) -> None:
    """Record a sheet of events, all of them or none."""
    with user_errors():
        outcomes = service.import_events(container().uow(), path)
    new = sum(o.new for o in outcomes)
    console.print(f"Recorded {new} event(s); {len(outcomes) - new} were already recorded.")


@app.command()
def show(
    shipment: Annotated[str | None, typer.Argument(help="One shipment's events.")] = None,
) -> None:
    """Every shipment and where its goods are, or one shipment's events."""
    with user_errors():
        found = (
            [service.get_shipment(container().uow(), shipment)]
            if shipment
            else service.list_shipments(container().uow())
        )
    console.print(_shipments_table(found))
    if shipment:
        events = Table(title=f"Events of {shipment}")
        for name in ("event id", "event", "date", "site", "quantity", "note"):
            events.add_column(name)
        for e in found[0].events:
            events.add_row(
                e.id, e.kind, str(e.date), e.site or "", quantity_text(e.quantity), e.note or ""
            )
        console.print(events)


def _shipments_table(found: list[Shipment]) -> Table:
    table = Table(title="Shipments")
    for name in (
        "shipment",
        "allocation",
        "dispatched",
        "to hub",
        "at hub",
        "to dest.",
        "delivered",
        "written off",
    ):
        table.add_column(name, justify="right")
    for s in found:
        t = s.tally()
        table.add_row(
            s.id,
            str(s.allocation),
            *(
                quantity_text(q)
                for q in (t.dispatched, *(t.held(st) for st in _STAGES), t.delivered, t.written_off)
            ),
        )
    return table


@app.command()
def status(as_of: AsOfOption = None) -> None:
    """Requirement fulfilment (delivered, in transit, planned not yet dispatched, the gap) and
    pledge progress."""
    with user_errors():
        day = option_date(as_of, "--as-of")
        state = delivery_state(container().uow())
    table = Table(title=f"Fulfilment as of {day}")
    for name in (
        "requirement",
        "priority",
        "required",
        "delivered",
        "in transit",
        "planned",
        "gap",
    ):
        table.add_column(name, justify="right")
    for f in fulfilment(state.dataset.requirements, state.plan, state.shipments, day):
        quantities = (f.required, f.delivered, f.in_transit, f.planned, f.gap)
        table.add_row(f.requirement, str(f.priority), *(quantity_text(q) for q in quantities))
    console.print(table)
    pledges = Table(title=f"Pledges as of {day}")
    for name in ("pledge", "donor", "status", "pledged", "dispatched", "in transit"):
        pledges.add_column(name, justify="right")
    for name in ("delivered", "written off", "not dispatched"):
        pledges.add_column(name, justify="right")
    for p in pledge_progress(state.dataset.pledges, state.shipments, day):
        quantities = (p.quantity, p.dispatched, p.in_transit, p.delivered, p.written_off)
        amounts = (*quantities, p.undispatched)
        pledges.add_row(p.pledge, p.donor, p.status, *(quantity_text(q) for q in amounts))
    console.print(pledges)


@app.command()
def transit(as_of: AsOfOption = None) -> None:
    """What is still moving, where, and since when (the fixed supply a re-plan starts from)."""
    with user_errors():
        day = option_date(as_of, "--as-of")
        moving = in_transit(container().uow(), day)
    table = Table(title=f"In transit at the end of {day}")
    for name in ("shipment", "pledge", "requirement", "item", "quantity", "where", "since"):
        table.add_column(name)
    for m in moving:
        where = f"at {m.hub}" if m.stage is Stage.AT_HUB else f"{m.from_site} → {m.to_site}"
        table.add_row(
            m.shipment,
            m.pledge,
            m.requirement,
            m.item,
            quantity_text(m.quantity),
            where,
            str(m.since),
        )
    console.print(table)


@app.command()
def hubs(
    start: Annotated[str, typer.Option("--from", help="First day shown, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day shown (included), YYYY-MM-DD.")],
) -> None:
    """Hub stock and departures per day, in tonnes, against each day's capacity."""
    with user_errors():
        first, last = option_date(start, "--from"), option_date(end, "--to")
        state = delivery_state(container().uow())
    table = Table(title=f"Hubs from {first} to {last} (tonnes)")
    for name in ("hub", "day", "received", "departed", "written off", "stock", "capacity"):
        table.add_column(name, justify="right")
    table.add_column("over capacity")
    rows = hub_days(state.shipments, state.dataset, first, last)
    for h in rows:
        quantities = (h.received_t, h.departed_t, h.written_off_t, h.stock_t, h.capacity_t)
        style = "bold red" if h.over_capacity else None
        cells = (f"{q:,.1f}" for q in quantities)
        table.add_row(h.hub, str(h.day), *cells, over_capacity_text(h), style=style)
    console.print(table)
    over = sum(h.over_capacity for h in rows)
    console.print(
        f"{over} hub-day(s) sent out more than their capacity."
        if over
        else "No hub-day sent out more than its capacity."
    )


@app.command()
def track(as_of: AsOfOption = None) -> None:
    """Per allocation of the approved plan: on track, late, lost or delivered; plan vs actual."""
    with user_errors():
        day = option_date(as_of, "--as-of")
        state = delivery_state(container().uow())
        if state.plan is None:
            raise ServiceError("no plan is approved: approve one with `pledgeflow plan approve`")
    table = Table(title=f"Plan {state.plan.id} against what happened, as of {day}")
    columns = ("pledge", "requirement", "hub", "track", "allocated", "dispatched", "delivered")
    for name in (*columns, "written off", "planned arrival", "delivered on", "days late"):
        table.add_column(name, justify="right")
    for v in track_allocations(state.plan, state.shipments, day):
        quantities = (v.allocated, v.dispatched, v.delivered, v.written_off)
        ref = v.allocation
        table.add_row(
            ref.pledge,
            ref.requirement,
            ref.hub,
            v.track.value,
            *(quantity_text(q) for q in quantities),
            str(v.planned_arrival),
            str(v.last_delivery or ""),
            str(v.days_late),
        )
    console.print(table)

"""`pledgeflow training …`: import courses, needs and offers; plan cohorts onto seats; confirm
bookings; show and export it all. A plan only proposes bookings: seats are taken on confirm."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pledgeflow.bootstrap import Container
from pledgeflow.cli.context import console, container, option_date, user_errors
from pledgeflow.demo.generator import DEMO_AS_OF
from pledgeflow.demo.training import demo_training
from pledgeflow.domain.plans import Shortfall
from pledgeflow.domain.training import Booking
from pledgeflow.service import training as service
from pledgeflow.service.training_planning import TrainingData, TrainingPlan

app = typer.Typer(help="Training: courses, needs and offers; plan, confirm and export bookings.")

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The day the training plan starts from: no cohort is placed on a course offer "
        "starting before it; YYYY-MM-DD (default: today).",
    ),
]
HorizonOption = Annotated[
    int | None,
    typer.Option(min=1, help="Days to the horizon end (default: to the last must-finish date)."),
]


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="Workbook or folder of training sheets.")],
) -> None:
    """Import courses, training_requirements and course_offers, all or nothing."""
    with user_errors():
        result = service.import_training(container().uow(), path)
    for note in result.skipped:
        console.print(f"Skipped {note}.")
    console.print(f"Imported {path}: {result.added} added, {result.updated} updated.")


@app.command("plan")
def plan_command(
    as_of: AsOfOption = None,
    horizon_days: HorizonOption = None,
    confirm: Annotated[bool, typer.Option(help="Confirm every proposed booking.")] = False,
) -> None:
    """Place the open cohorts on free seats (the planner's priority order) and list the
    shortfalls."""
    with user_errors():
        proposed = service.plan(container().uow(), option_date(as_of), horizon_days)
    print_training_plan(proposed)
    if confirm and proposed.bookings:
        with user_errors():
            confirmed = service.confirm_plan(container().uow(), proposed)
        console.print(f"Confirmed {len(confirmed)} booking(s).")


def print_training_plan(proposed: TrainingPlan) -> None:
    console.print(_bookings_table("Proposed bookings", proposed.bookings))
    console.print(shortfalls_table(proposed.shortfalls))
    trainees = sum(b.trainees for b in proposed.bookings)
    unmet = sum(s.quantity for s in proposed.shortfalls)
    check = "verified" if proposed.report.ok else f"{len(proposed.report.violations)} violation(s)"
    console.print(
        f"Training plan as of {proposed.as_of}: {trainees} trainee(s) placed in "
        f"{len(proposed.bookings)} booking(s), {unmet:g} unplaced; {check}."
    )


def _bookings_table(title: str, bookings: tuple[Booking, ...] | list[Booking]) -> Table:
    table = Table(title=title)
    for column in ("booking", "requirement", "offer", "trainees"):
        table.add_column(column, justify="right" if column == "trainees" else "left")
    for b in bookings:
        table.add_row(b.id, b.requirement, b.offer, str(b.trainees))
    return table


def shortfalls_table(shortfalls: tuple[Shortfall, ...]) -> Table:
    table = Table(title="Shortfalls")
    for column in ("requirement", "trainees", "reason", "detail"):
        table.add_column(column, overflow="fold")
    for s in shortfalls:
        table.add_row(s.requirement, f"{s.quantity:g}", s.reason.value, s.detail)
    return table


@app.command("confirm")
def confirm_command(
    offer: Annotated[str, typer.Argument(help="Course offer id.")],
    requirement: Annotated[str, typer.Argument(help="Training requirement id.")],
    trainees: Annotated[int, typer.Option("--trainees", "-n", min=1, help="How many.")] = 1,
    booking_id: Annotated[str | None, typer.Option(help="Booking id (default: named)")] = None,
) -> None:
    """Confirm one booking; refused if the seats or trainees are not all free."""
    with user_errors():
        booking = service.confirm(container().uow(), offer, requirement, trainees, booking_id)
    console.print(
        f"Confirmed booking {booking.id}: "
        f"{booking.trainees} trainee(s) of {requirement} on {offer}."
    )


@app.command("show")
def show_command() -> None:
    """Requirements with their booked trainees, offers with their seats, and the bookings."""
    with user_errors():
        data, bookings = service.load_training(container().uow())
    needs = Table(title="Training requirements")
    for column in ("id", "course", "priority", "must finish by", "booked", "trainees", "after"):
        needs.add_column(column)
    for r in data.requirements:
        needs.add_row(
            r.id,
            r.course,
            str(r.priority),
            str(r.must_finish_by),
            str(r.booked),
            str(r.trainees),
            r.after or "",
        )
    offers = Table(title="Course offers")
    for column in ("id", "trainer", "course", "site", "start", "language", "taken", "seats"):
        offers.add_column(column)
    for o in data.offers:
        offers.add_row(
            o.id,
            o.trainer,
            o.course,
            o.site,
            str(o.start_date),
            o.language,
            str(o.seats_taken),
            str(o.seats),
        )
    console.print(needs)
    console.print(offers)
    console.print(_bookings_table("Confirmed bookings", bookings))


@app.command("export")
def export_command(
    path: Annotated[Path, typer.Argument(help="Folder (CSV) or .xlsx file to write.")],
    with_plan: Annotated[
        bool, typer.Option(help="Add a fresh plan's proposed bookings to the bookings sheet.")
    ] = False,
    as_of: AsOfOption = None,
) -> None:
    """Export courses, training_requirements, course_offers and bookings."""
    with user_errors():
        proposed = service.plan(container().uow(), option_date(as_of)) if with_plan else None
        written = service.export_training(container().uow(), path, proposed)
    console.print(f"Exported training to {path} ({written} booking(s)).")


@app.command("demo")
def demo_command(
    out: Annotated[
        Path | None, typer.Option(help="Also export the training sheets and bookings here.")
    ] = None,
) -> None:
    """Load the demo's training part (20 courses, 60 cohorts, 80 sessions of partner nations)
    into the current database, plan it as of the demo date, and confirm the bookings."""
    with user_errors():
        app_container = container()
    run_training_demo(app_container, out)


def run_training_demo(app_container: Container, out: Path | None) -> None:
    """The training part of the demo, on `app_container`'s database (also run by `demo`)."""
    demo = demo_training(DEMO_AS_OF)
    records = TrainingData(demo.courses, demo.requirements, demo.offers)
    with user_errors():
        service.import_records(app_container.uow(), demo.dataset, records)
        proposed = service.plan(app_container.uow(), DEMO_AS_OF)
    console.print(
        f"Training demo: {len(demo.courses)} courses, {len(demo.requirements)} cohorts "
        f"({sum(r.trainees for r in demo.requirements)} trainees), {len(demo.offers)} sessions "
        f"({sum(o.seats for o in demo.offers)} seats) from {len({o.trainer for o in demo.offers})} "
        "partner nations."
    )
    print_training_plan(proposed)
    if proposed.bookings:
        with user_errors():
            confirmed = service.confirm_plan(app_container.uow(), proposed)
        console.print(f"Confirmed {len(confirmed)} booking(s).")
    if out is not None:
        with user_errors():
            service.export_training(app_container.uow(), out)
        console.print(f"Exported training to {out}")

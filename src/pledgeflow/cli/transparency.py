"""`pledgeflow export-iati`, `pledgeflow report` and `pledgeflow tracker …`: publishing the
record — the IATI file, the report for people, and the settings the tracker needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer

from pledgeflow.adapters.reports import documents
from pledgeflow.adapters.reports.documents import Section
from pledgeflow.adapters.reports.tracker_sections import fair_share_section, tracker_section
from pledgeflow.bootstrap import Container
from pledgeflow.cli.context import console, container, option_date, user_errors
from pledgeflow.domain.burden_sharing import Stage, Target
from pledgeflow.service import iati_export, tracker_settings
from pledgeflow.service.access import ANONYMOUS
from pledgeflow.service.audit import ensure_signing_key
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.tracker import build_tracker

app = typer.Typer(help="What the public tracker needs: fair-share targets and course values.")


def export_iati_command(
    path: Annotated[Path, typer.Argument(help="The IATI 2.03 activity file to write (.xml).")],
    donor: Annotated[
        str | None, typer.Option("--donor", help="Only this donor's activity.")
    ] = None,
) -> None:
    """Write releasable commitments and deliveries as an IATI 2.03 activity file."""
    app_container = container()
    with user_errors():
        written, chosen = iati_export.export_iati(
            app_container.uow(), path, donor, dt.datetime.now(dt.UTC)
        )
    count = sum(1 for p in chosen if p.contributions)
    console.print(f"Wrote {count} activities to {written}.")


def report_command(
    out: Annotated[Path, typer.Option("--out", help="Where to write the report.")] = Path(
        "report.html"
    ),
    as_of: Annotated[str | None, typer.Option("--as-of", help="Day the figures are for.")] = None,
) -> None:
    """Write the public tracker and fair-share report for the current records."""
    app_container = container()
    with user_errors():
        today = option_date(as_of)
        tracker = build_tracker(app_container.uow(), app_container.settings, ANONYMOUS, today)
    report = documents.Report(
        title="pledgeflow: burden sharing",
        subtitle=f"Public figures for {today}, from the signed record",
        sections=[tracker_section(tracker), fair_share_section(tracker)],
    )
    console.print(f"Report: {documents.write(report, out).resolve()}")


def _decimal(text: str | None, option: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ServiceError(f"{option} {text!r}: not a number") from error


@app.command("target")
def target_command(
    period: Annotated[str, typer.Argument(help="The period's name, e.g. 2026.")],
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    amount: Annotated[str | None, typer.Option("--amount-eur", help="Group target in EUR.")] = None,
    gdp_share: Annotated[
        str | None, typer.Option("--gdp-share", help="Group target as a share of GDP, e.g. 0.0025.")
    ] = None,
    stage: Annotated[Stage, typer.Option("--stage", help="Which value counts.")] = Stage.DELIVERED,
) -> None:
    """Set a period's fair-share target: an amount, or a share of the group's GDP."""
    app_container = container()
    with user_errors():
        target = Target(
            period,
            option_date(start, "--from"),
            option_date(end, "--to"),
            _decimal(amount, "--amount-eur"),
            _decimal(gdp_share, "--gdp-share"),
            stage,
        )
        changed = tracker_settings.set_target(app_container.uow(), target)
    console.print(f"Target {period} {'set' if changed else 'unchanged'}.")


@app.command("course-value")
def course_value_command(
    course: Annotated[str, typer.Argument(help="The course code.")],
    value: Annotated[str, typer.Argument(help="Value of one seat in EUR.")],
) -> None:
    """State the value of one seat of a course, so delivered training counts in EUR."""
    app_container = container()
    with user_errors():
        amount = _decimal(value, "value") or Decimal(0)
        changed = tracker_settings.set_course_value(app_container.uow(), course, amount)
    console.print(f"Course {course}: {'set' if changed else 'unchanged'}.")


DEMO_SEAT_VALUE_PER_DAY_EUR = Decimal(400)
"""The demo's assumption: a training seat is worth 400 EUR per course day."""
DEMO_TARGET_GDP_SHARE = Decimal("0.000005")
"""The demo's fair-share target: 0.0005 % of the group's GDP committed within the year."""


def demo_transparency(app_container: Container, directory: Path, today: dt.date) -> list[Section]:
    """The demo's tracker: course values and a yearly target set, the IATI file written, and
    the tracker and fair-share sections of the report."""
    with app_container.uow() as uow:
        courses = uow.training.courses()
    for course in courses:
        value = DEMO_SEAT_VALUE_PER_DAY_EUR * course.duration_days
        tracker_settings.set_course_value(app_container.uow(), course.code, value)
    year = Target(
        str(today.year),
        dt.date(today.year, 1, 1),
        dt.date(today.year, 12, 31),
        gdp_share=DEMO_TARGET_GDP_SHARE,
        stage=Stage.COMMITTED,
    )
    tracker_settings.set_target(app_container.uow(), year)
    now = dt.datetime.combine(today, dt.time(12), dt.UTC)
    path, _ = iati_export.export_iati(app_container.uow(), directory / "iati.xml", None, now)
    console.print(f"IATI 2.03 activity file: {path}")
    ensure_signing_key(app_container.settings)  # every figure names a signed checkpoint
    tracker = build_tracker(app_container.uow(), app_container.settings, ANONYMOUS, today)
    return [tracker_section(tracker), fair_share_section(tracker)]

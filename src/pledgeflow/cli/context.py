"""What every command shares: the console, the container, and user mistakes as one line.

It imports nothing heavy at module level (the database layer comes with `container()`), so
that a command that needs no database starts at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pledgeflow.domain.errors import DomainError
from pledgeflow.service.errors import NotInitialised, Rejected, ServiceError

if TYPE_CHECKING:
    from pledgeflow.bootstrap import Container

console = Console()
errors = Console(stderr=True)

_settings_overrides: dict[str, object] = {}


def override_settings(**values: object) -> None:
    _settings_overrides.update({k: v for k, v in values.items() if v is not None})


def container(*, initialised: bool = True) -> Container:
    """The services on the configured database; unless `initialised` is False (init), the
    database must exist at the current schema. A missing SQLite file is refused before
    connecting, since connecting would leave an empty file behind."""
    from pledgeflow.bootstrap import bootstrap
    from pledgeflow.config import Settings
    from pledgeflow.service.schema import require_current

    settings = Settings(**_settings_overrides)  # type: ignore[arg-type]
    if initialised:
        with user_errors():
            _refuse_missing_sqlite(settings.database_url)
    built = bootstrap(settings)
    if initialised:
        with user_errors():
            require_current(built.engine)
    return built


def _refuse_missing_sqlite(url: str) -> None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return
    if name.startswith("file:") or Path(name).exists():
        return
    raise NotInitialised(f"there is no database at {name}: run `pledgeflow init` first")


@contextmanager
def readable_failures() -> Iterator[None]:
    """What goes wrong outside the user's input (an unreachable database, a missing folder,
    a busy port) ends the command with one line naming it, exit code 1, not a traceback."""
    try:
        yield
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        errors.print(f"[bold red]error:[/] {where}{error.strerror or error}", soft_wrap=True)
        raise typer.Exit(1) from error
    except Exception as error:
        database_error = _database_error(error)
        if database_error is None:
            raise
        errors.print(f"[bold red]error:[/] {database_error}", soft_wrap=True)
        raise typer.Exit(1) from error


def _database_error(error: Exception) -> str | None:
    """One line for a failure to reach or open the database, None for anything else."""
    import sys

    exc = sys.modules.get("sqlalchemy.exc")
    if exc is None or not isinstance(error, exc.OperationalError | exc.InterfaceError):
        return None
    cause = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    return f"cannot use the database: {cause}"


SHOWN_PROBLEMS = 50


def write_problems(problems: list[object]) -> Path:
    """Every problem as a CSV file (table, row, column, value, reason) the user can sort."""
    import csv
    import tempfile

    handle, name = tempfile.mkstemp(prefix="pledgeflow-problems-", suffix=".csv")
    fields = ("table", "row", "column", "value", "reason")
    with open(handle, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        if problems and all(hasattr(p, f) for p in problems for f in fields):
            writer.writerow(fields)
            for p in problems:
                writer.writerow([_inert(getattr(p, f)) for f in fields])
        else:
            writer.writerow(["problem"])
            writer.writerows([_inert(p)] for p in problems)
    return Path(name)


def _inert(value: object) -> str:
    """A cell a spreadsheet shows as text: values from the user's file that start like a
    formula get a leading apostrophe, so opening the problem list runs nothing."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def problems_table(problems: list[object]) -> Table:
    table = Table(title="Problems", show_lines=False)
    fields = ("table", "row", "column", "value", "reason")
    if problems and all(hasattr(p, f) for p in problems for f in fields):
        for name in fields:
            table.add_column(name, overflow="fold")
        for p in problems:
            table.add_row(*(str(getattr(p, name) or "") for name in fields))
    else:
        table.add_column("problem", overflow="fold")
        for p in problems:
            table.add_row(str(p))
    return table


@contextmanager
def user_errors() -> Iterator[None]:
    """A user's mistake ends the command with one clear line (and the report), exit code 1."""
    try:
        yield
    except Rejected as error:
        errors.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        shown = error.problems[:SHOWN_PROBLEMS]
        errors.print(problems_table(shown))
        if len(error.problems) > len(shown):
            written = write_problems(error.problems)
            errors.print(
                f"{len(shown)} of {len(error.problems):,} problems shown; all of them are in "
                f"{written}",
                soft_wrap=True,
            )
        raise typer.Exit(1) from error
    except (ServiceError, DomainError) as error:
        errors.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(1) from error


def require_free_port(host: str, port: int) -> None:
    """Refuse at once a port another program holds, before minutes of work that would end
    with the server failing to start."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ServiceError(
                f"port {port} on {host} is in use ({error.strerror}): choose another with --port"
            ) from error


def option_date(text: str | None, option: str = "--as-of") -> dt.date:
    """A date option's value (today when not given); a malformed one is the user's mistake."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ServiceError(f"{option} {text!r}: not a date YYYY-MM-DD") from error

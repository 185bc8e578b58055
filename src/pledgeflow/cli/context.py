"""What every command shares: the console, the container, and user mistakes as one line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pledgeflow.bootstrap import Container, bootstrap
from pledgeflow.config import Settings
from pledgeflow.domain.errors import DomainError
from pledgeflow.service.errors import Rejected, ServiceError
from pledgeflow.service.schema import require_current

console = Console()
errors = Console(stderr=True)

_settings_overrides: dict[str, object] = {}


def override_settings(**values: object) -> None:
    _settings_overrides.update({k: v for k, v in values.items() if v is not None})


def container(*, initialised: bool = True) -> Container:
    built = bootstrap(Settings(**_settings_overrides))  # type: ignore[arg-type]
    if initialised:
        with user_errors():
            require_current(built.engine)
    return built


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
        errors.print(problems_table(error.problems))
        errors.print(f"[bold red]error:[/] {escape(str(error))}")
        raise typer.Exit(1) from error
    except (ServiceError, DomainError) as error:
        errors.print(f"[bold red]error:[/] {escape(str(error))}")
        raise typer.Exit(1) from error


def option_date(text: str | None, option: str = "--as-of") -> dt.date:
    """A date option's value (today when not given); a malformed one is the user's mistake."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ServiceError(f"{option} {text!r}: not a date YYYY-MM-DD") from error

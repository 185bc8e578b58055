"""`pledgeflow users …`: add, list and disable people, and issue API tokens for systems."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from pledgeflow.cli.context import console, container, user_errors
from pledgeflow.service import users
from pledgeflow.service.access import Role

PASSWORD_RULES = (
    "At least 8 characters; any letters, digits, spaces or symbols. Asked for twice when not "
    "given; stored only as an Argon2 hash."
)

app = typer.Typer(help="People and access: accounts, roles, API tokens.", no_args_is_help=True)


@app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[Role, typer.Option(help="What the user may do (see docs/access-policy.md).")],
    scope: Annotated[
        str | None,
        typer.Option(help="Donor nation code (donor_liaison) or hub site code (hub_operator)."),
    ] = None,
    password: Annotated[
        str,
        typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help=PASSWORD_RULES),
    ] = "",
) -> None:
    """Add a user; the password is stored only as an Argon2 hash."""
    with user_errors():
        principal = users.add_user(container().uow(), name, password, role, scope)
    where = f" ({principal.party or principal.hub})" if principal.party or principal.hub else ""
    console.print(f"User {principal.name} added as {principal.role}{where}.")


@app.command("list")
def list_command() -> None:
    """List users with their role, scope and state."""
    with user_errors():
        found = users.list_users(container().uow())
    table = Table(title=f"{len(found)} user(s)")
    for column in ("name", "role", "scope", "state"):
        table.add_column(column)
    for user in found:
        state = "disabled" if user.disabled else "active"
        table.add_row(user.name, user.role, user.party or user.hub or "", state)
    console.print(table)


@app.command("disable")
def disable_command(name: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Disable a user: its sessions and API tokens stop working at once."""
    with user_errors():
        users.disable_user(container().uow(), name)
    console.print(f"User {name} disabled.")


@app.command("token")
def token_command(
    name: Annotated[str, typer.Argument(help="The user the system acts as.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "api",
) -> None:
    """Issue an API token (shown once; only its digest is stored)."""
    with user_errors():
        token = users.issue_api_token(container().uow(), name, label)
    console.print(token, soft_wrap=True)


@app.command("password")
def password_command(
    name: Annotated[str, typer.Argument(help="Login name.")],
    password: Annotated[
        str,
        typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help=PASSWORD_RULES),
    ] = "",
) -> None:
    """Set a user's password (users restored from a backup without hashes need one)."""
    with user_errors():
        users.set_password(container().uow(), name, password)
    console.print(f"Password of {name} set.")

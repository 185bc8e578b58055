"""`pledgeflow demo --serve`: the demo's database in the browser UI, one account per role.

Each run makes a fresh random password, printed once: a demo left running on a shared machine
must not open with a password everyone knows. The session cookie is marked Secure, which
browsers honour over plain HTTP only for loopback addresses, so the demo listens on
127.0.0.1 by default.
"""

from __future__ import annotations

import secrets

from rich.console import Console

from pledgeflow.api.app import create_app
from pledgeflow.api.server import serve
from pledgeflow.bootstrap import Container
from pledgeflow.domain.parties import Role as PartyRole
from pledgeflow.service import users
from pledgeflow.service.access import Role


def demo_accounts(container: Container) -> tuple[str, dict[str, str]]:
    """(password, {user name: what it may see}); the liaison speaks for the demo's largest
    donor by pledge count, the hub operator runs the first hub."""
    with container.uow() as uow:
        dataset = uow.datasets.load()
    donors = {p.code for p in dataset.parties if p.has_role(PartyRole.DONOR)}
    counts = {code: sum(p.donor == code for p in dataset.pledges) for code in donors}
    donor = max(sorted(counts), key=lambda code: counts[code])
    hub = min(s.code for s in dataset.sites if s.is_hub)
    password = secrets.token_urlsafe(12)
    accounts = {
        "coordinator": (Role.COORDINATOR, None, "every record; runs and approves plans"),
        f"liaison-{donor.lower()}": (Role.DONOR_LIAISON, donor, f"{donor}'s pledges"),
        "recipient": (Role.RECIPIENT_OFFICER, None, "every requirement"),
        f"hub-{hub.lower()}": (Role.HUB_OPERATOR, hub, f"hub {hub}"),
        "auditor": (Role.AUDITOR, None, "reads everything, changes nothing"),
    }
    for name, (role, scope, _) in accounts.items():
        users.add_user(container.uow(), name, password, role, scope)
    return password, {name: note for name, (_, _, note) in accounts.items()}


def serve_demo(container: Container, console: Console, host: str, port: int) -> None:
    password, accounts = demo_accounts(container)
    console.print(f"\n[bold]Demo UI: http://{host}:{port}/ui/[/]  (Ctrl-C stops it)")
    for name, note in accounts.items():
        console.print(f"  {name:<22} {note}")
    console.print(f"  password for every account: [bold]{password}[/]")
    grace_s = container.settings.shutdown_grace_s
    serve(create_app(container, run_jobs=True), host, port, grace_s, log_level="warning")

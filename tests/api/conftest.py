"""An in-process API over a real database holding two donor nations, restricted and public
records of each kind, a plan, and one signed-in user per role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pledgeflow.api.app import create_app
from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.plans import Allocation, Plan, Shortfall, ShortfallReason
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import Lane, Site, SiteKind
from pledgeflow.service import users
from pledgeflow.service.access import Role as AccessRole
from pledgeflow.service.audit import ensure_signing_key

PASSWORD = "correct horse battery"
R, P = Releasability.RESTRICTED, Releasability.PUBLIC
SCOPES = {AccessRole.DONOR_LIAISON: "POL", AccessRole.HUB_OPERATOR: "HUB-RZE"}
Headers = dict[str, str]


def mission() -> Dataset:
    day = dt.date(2026, 12, 1)
    gen = Item("GEN-10", "Generator", SupplyClass.VII, "each", Decimal("180.5"), Decimal(5400))
    return Dataset(
        parties=(
            Party("POL", "Poland", frozenset({Role.DONOR}), Decimal("7.5E11")),
            Party("DEU", "Germany", frozenset({Role.DONOR}), Decimal("4.1E12")),
            Party("UKR", "Ukraine", frozenset({Role.RECIPIENT})),
        ),
        items=(gen,),
        sites=(
            Site("DEP-POL", "Depot Poland", SiteKind.DEPOT, "POL"),
            Site("DEP-DEU", "Depot Germany", SiteKind.DEPOT, "DEU"),
            Site("HUB-RZE", "Rzeszow hub", SiteKind.HUB, "POL", Decimal(800), 1),
            Site("DLV-KYIV", "Kyiv", SiteKind.DELIVERY, "UKR"),
        ),
        lanes=(
            Lane("DEP-POL", "HUB-RZE", 2),
            Lane("DEP-DEU", "HUB-RZE", 3),
            Lane("HUB-RZE", "DLV-KYIV", 1),
        ),
        requirements=(
            Requirement("R-SECRET", "GEN-10", Decimal(12), 1, day, "DLV-KYIV", R, "hidden"),
            Requirement("R-OPEN", "GEN-10", Decimal(5), 2, day, "DLV-KYIV", P),
        ),
        pledges=(
            Pledge("P-POL-OPEN", "POL", "GEN-10", Decimal(4), day, "DEP-POL", releasability=P),
            Pledge("P-POL-SECRET", "POL", "GEN-10", Decimal(3), day, "DEP-POL", releasability=R),
            Pledge(
                "P-DEU-SECRET",
                "DEU",
                "GEN-10",
                Decimal(7),
                day,
                "DEP-DEU",
                PledgeStatus.COMMITTED,
                releasability=R,
            ),
        ),
    )


def stored_plan() -> Plan:
    """A hand-made draft, so these tests do not depend on the planner."""
    day = dt.date(2026, 11, 20)
    line = Allocation(
        "P-POL-OPEN",
        "R-OPEN",
        "HUB-RZE",
        4.0,
        day,
        day + dt.timedelta(days=2),
        day + dt.timedelta(days=3),
        day + dt.timedelta(days=4),
        0,
        False,
    )
    missing = Shortfall("R-OPEN", 1.0, ShortfallReason.NO_SUPPLY, "no more generators")
    return Plan(day, day + dt.timedelta(days=180), (line,), (missing,))


@pytest.fixture
def app(container: Container) -> FastAPI:
    with container.uow() as uow:
        uow.datasets.save(mission())
        uow.commit("import")
    ensure_signing_key(container.settings)
    with container.uow() as uow:
        uow.plans.add(stored_plan(), uow.now())
        uow.commit("plan")
    for role in AccessRole:
        if role is not AccessRole.PUBLIC:
            users.add_user(container.uow(), role.value, PASSWORD, role, SCOPES.get(role))
    container.run_jobs_inline()
    return create_app(container)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="https://testserver")


@pytest.fixture
def sign_in(client: TestClient) -> Callable[[AccessRole], Headers]:
    """Headers for a fresh session of `role` (none for the public)."""

    def headers(role: AccessRole) -> Headers:
        if role is AccessRole.PUBLIC:
            return {}
        answer = client.post("/auth/login", json={"name": role.value, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['token']}"}

    return headers


@pytest.fixture
def as_role(sign_in: Callable[[AccessRole], Headers]) -> dict[AccessRole, Headers]:
    return {role: sign_in(role) for role in AccessRole}

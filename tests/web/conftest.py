"""An in-process app (API and pages) over a real database: two donor nations, public and
restricted records, and one user per role; pages are driven through the login form."""

from __future__ import annotations

import datetime as dt
import re
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
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import Lane, Site, SiteKind
from pledgeflow.service import users
from pledgeflow.service.access import Role as AccessRole

PASSWORD = "correct horse battery"
SCOPES = {AccessRole.DONOR_LIAISON: "POL", AccessRole.HUB_OPERATOR: "HUB-RZE"}
AS_OF = dt.date(2026, 11, 20)
_CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


def mission() -> Dataset:
    """Demand beyond supply, and one destination no lane reaches, so a plan has shortfalls."""
    day = dt.date(2026, 12, 10)
    pub, res = Releasability.PUBLIC, Releasability.RESTRICTED
    committed = PledgeStatus.COMMITTED
    return Dataset(
        parties=(
            Party("POL", "Poland", frozenset({Role.DONOR}), Decimal("7.5E11")),
            Party("DEU", "Germany", frozenset({Role.DONOR}), Decimal("4.1E12")),
            Party("UKR", "Ukraine", frozenset({Role.RECIPIENT})),
        ),
        items=(
            Item("GEN-10", "Generator", SupplyClass.VII, "each", Decimal("180.5"), Decimal(5400)),
        ),
        sites=(
            Site("DEP-POL", "Depot Poland", SiteKind.DEPOT, "POL"),
            Site("DEP-DEU", "Depot Germany", SiteKind.DEPOT, "DEU"),
            Site("HUB-RZE", "Rzeszow hub", SiteKind.HUB, "POL", Decimal(800), 1),
            Site("DLV-KYIV", "Kyiv", SiteKind.DELIVERY, "UKR"),
            Site("DLV-ODESA", "Odesa", SiteKind.DELIVERY, "UKR"),
        ),
        lanes=(
            Lane("DEP-POL", "HUB-RZE", 2),
            Lane("DEP-DEU", "HUB-RZE", 3),
            Lane("HUB-RZE", "DLV-KYIV", 1),
        ),
        requirements=(
            Requirement("R-OPEN", "GEN-10", Decimal(20), 1, day, "DLV-KYIV", pub),
            Requirement("R-SECRET", "GEN-10", Decimal(5), 2, day, "DLV-KYIV", res, "hidden"),
            Requirement("R-ODESA", "GEN-10", Decimal(2), 3, day, "DLV-ODESA", pub),
        ),
        pledges=(
            Pledge("P-POL-OPEN", "POL", "GEN-10", Decimal(4), AS_OF, "DEP-POL", committed),
            Pledge(
                "P-POL-SECRET",
                "POL",
                "GEN-10",
                Decimal(3),
                AS_OF,
                "DEP-POL",
                committed,
                releasability=res,
            ),
            Pledge(
                "P-DEU-SECRET",
                "DEU",
                "GEN-10",
                Decimal(7),
                AS_OF,
                "DEP-DEU",
                committed,
                releasability=res,
            ),
        ),
    )


def seed(container: Container) -> None:
    with container.uow() as uow:
        uow.datasets.save(mission())
        uow.commit("import")
    for role in AccessRole:
        if role is not AccessRole.PUBLIC:
            users.add_user(container.uow(), role.value, PASSWORD, role, SCOPES.get(role))


@pytest.fixture
def app(container: Container) -> FastAPI:
    seed(container)
    container.run_jobs_inline()
    return create_app(container)


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match is not None, "the page carries no CSRF token"
    return match.group(1)


@pytest.fixture
def browse(app: FastAPI) -> Callable[[AccessRole], tuple[TestClient, str]]:
    """A client signed in through the login form as `role`, and its CSRF token."""

    def signed_in(role: AccessRole) -> tuple[TestClient, str]:
        client = TestClient(app, base_url="https://testserver")
        answer = client.post("/ui/login", data={"name": role.value, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        return client, csrf_of(answer.text)

    return signed_in

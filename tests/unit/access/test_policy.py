"""The policy table's own rules, and the document rendered from it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import column, table
from sqlalchemy.dialects import sqlite

from pledgeflow.service.access import (
    POLICY,
    SUPPORTED,
    Action,
    Principal,
    Resource,
    Role,
    allowed,
    render_policy,
    row_filter,
)

DOC = Path(__file__).resolve().parents[3] / "docs" / "access-policy.md"


def test_the_policy_document_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render_policy(), (
        "regenerate docs/access-policy.md from pledgeflow.service.access.render_policy()"
    )


def test_every_granted_cell_is_a_supported_action() -> None:
    assert all(action in SUPPORTED[resource] for _, action, resource in POLICY)


def test_the_coordinator_may_do_everything_the_auditor_changes_nothing() -> None:
    for resource, actions in SUPPORTED.items():
        for action in actions:
            assert (Role.COORDINATOR, action, resource) in POLICY
            reads = action in (Action.READ, Action.EXPORT)
            may_sign_in = resource is Resource.SESSIONS
            assert ((Role.AUDITOR, action, resource) in POLICY) == (reads or may_sign_in)


def test_the_public_sees_only_aggregates_and_checkpoints() -> None:
    granted = {(a, r) for role, a, r in POLICY if role is Role.PUBLIC}
    assert granted == {
        (Action.READ, Resource.PUBLIC),
        (Action.READ, Resource.CHECKPOINTS),
        (Action.CREATE, Resource.SESSIONS),
    }


_pledges = table("pledges", column("releasability"), column("donor"))


@given(
    role=st.sampled_from(list(Role)),
    party=st.sampled_from(["POL", "DEU"]),
    donor=st.sampled_from(["POL", "DEU"]),
    restricted=st.booleans(),
)
def test_a_restricted_pledge_is_visible_only_to_its_donor_coordinators_and_auditors(
    role: Role, party: str, donor: str, restricted: bool
) -> None:
    """Evaluates the SQL filter itself (on SQLite in memory) against the rule in words."""
    principal = Principal("someone", role, party=party if role is Role.DONOR_LIAISON else None)
    condition = row_filter(principal, Resource.PLEDGES, _pledges)  # type: ignore[arg-type]
    sql = str(condition.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with sqlite3.connect(":memory:") as db:
        db.execute("create table pledges (releasability text, donor text)")
        db.execute(
            "insert into pledges values (?, ?)", (("restricted" if restricted else "public"), donor)
        )
        visible = db.execute(f"select count(*) from pledges where {sql}").fetchone()[0] == 1
    own = role is Role.DONOR_LIAISON and party == donor
    expected = not restricted or own or role in (Role.COORDINATOR, Role.AUDITOR)
    assert visible == expected
    assert allowed(principal, Action.READ, Resource.PLEDGES) == (role is not Role.PUBLIC)

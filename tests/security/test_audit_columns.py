"""Point 9: every column an audit command displays is covered by verification.

Before, with the guard trigger dropped, `update audit_log set actor='mallory' where seq=5`
left `audit verify` clean while `audit show` displayed the forged actor.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pledgeflow.bootstrap import Container
from pledgeflow.service import audit
from pledgeflow.service.audit import ensure_signing_key
from tests.api.conftest import mission


def _unguard(container: Container) -> None:
    with container.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER audit_log_no_change ON audit_log"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))


@pytest.mark.parametrize(
    ("column", "forged"),
    [
        ("actor", "'mallory'"),
        ("command", "'approve_plan'"),
        ("recorded_at", "'2020-01-01 00:00:00'"),
    ],
)
def test_a_forged_displayed_column_is_named_and_never_shown(
    container: Container, column: str, forged: str
) -> None:
    with container.uow() as uow:
        uow.datasets.save(mission())
        uow.commit("import")
    ensure_signing_key(container.settings)
    shown_before = audit.show(container.uow(), 5, 1)
    assert audit.verify_log(container.uow(), container.settings).ok
    _unguard(container)
    with container.engine.begin() as conn:
        conn.execute(text(f"UPDATE audit_log SET {column} = {forged} WHERE seq = 5"))
    report = audit.verify_log(container.uow(), container.settings)
    assert not report.ok
    assert any(f"entry 5: its {column} column" in f for f in report.entry_findings)
    assert audit.show(container.uow(), 5, 1) == shown_before

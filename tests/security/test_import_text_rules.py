"""Point 8: the importer checks the API's own text rules (one definition), names table, row,
column and reason, and SQLite and PostgreSQL accept and refuse exactly the same inputs.

Before, a 300-character party name, a 100-character pledge id and a NUL byte in an item
name imported on SQLite and stopped PostgreSQL with a raw psycopg traceback naming no row.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Engine

from pledgeflow.adapters.importers import validate
from pledgeflow.adapters.importers.raw_tables import raw_table
from pledgeflow.api.schemas.fields import Name
from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.service.errors import Rejected
from pledgeflow.service.interchange import import_path
from pledgeflow.service.unit_of_work import UnitOfWork

HEADERS = {
    "parties": "code,name,roles",
    "items": "code,name,supply_class,unit,unit_mass_kg",
    "sites": "code,name,kind,country",
    "pledges": "id,donor,item,quantity,available_from,origin",
}


def _folder(tmp_path: Path, rows: dict[str, list[str]]) -> Path:
    for table, lines in rows.items():
        text = "\n".join([HEADERS[table], *lines]) + "\n"
        (tmp_path / f"{table}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_too_long_and_control_characters_are_named_and_nothing_is_written(
    container: Container, tmp_path: Path
) -> None:
    folder = _folder(
        tmp_path,
        {
            "parties": ["POL," + "P" * 300 + ",donor"],
            "items": ["GEN,Gen\x00erator,VII,each,1"],
            "sites": ["DEP,Depot,depot,POL"],
            "pledges": ["P" * 100 + ",POL,GEN,1,2026-12-01,DEP"],
        },
    )
    with pytest.raises(Rejected) as refused:
        import_path(container.uow(), folder)
    found = {(p.table, p.row, p.column): p.reason for p in refused.value.problems}
    assert "too long: 300 characters, at most 200" in found[("parties", 2, "name")]
    assert "control character" in found[("items", 2, "name")]
    assert "too long: 100 characters, at most 64" in found[("pledges", 2, "id")]
    with container.uow() as uow:
        assert uow.datasets.load() == Dataset()


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("\x00\t =@-"),
    max_size=260,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=_TEXT)
def test_what_the_importer_accepts_the_database_stores_and_the_api_agrees(
    engine: Engine, name: str
) -> None:
    table = raw_table("parties", "parties.csv", [["code", "name", "roles"], ["POL", name, "donor"]])
    result = validate({"parties": table}, Dataset(), update=False)
    try:
        TypeAdapter(Name).validate_python(name.strip())
        api_accepts = True
    except ValidationError:
        api_accepts = False
    assert result.ok == api_accepts
    if result.ok:
        with UnitOfWork(engine, "test") as uow:
            uow.datasets.save(result.dataset)
            assert uow.datasets.load().parties[0].name == name.strip()

"""Paging parameters take whole numbers written as such, as the OpenAPI document says."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pledgeflow.service.access import Role as AccessRole
from tests.api.conftest import Headers


@pytest.mark.parametrize("offset", ["0.0", "2.5", "1e3", "true", "{}"])
def test_an_offset_that_is_not_written_as_a_whole_number_is_refused(
    client: TestClient, as_role: dict[AccessRole, Headers], offset: str
) -> None:
    answer = client.get(
        "/lanes", params={"offset": offset}, headers=as_role[AccessRole.COORDINATOR]
    )
    assert answer.status_code == 422, answer.text
    assert "offset" in answer.text


def test_whole_numbers_page_as_before(
    client: TestClient, as_role: dict[AccessRole, Headers]
) -> None:
    answer = client.get(
        "/lanes", params={"offset": "1", "limit": "+2"}, headers=as_role[AccessRole.COORDINATOR]
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["offset"] == 1
    assert answer.json()["limit"] == 2

"""Web polish (issue 14, point 9): the header says who you are in words, forms pick codes
from lists, shipments sort naturally and page, every page has a favicon."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from pledgeflow.service.access import Role
from pledgeflow.web.tracking import natural_key

Browse = Callable[[Role], tuple[TestClient, str]]


def test_the_header_names_role_and_scope_in_words(browse: Browse) -> None:
    liaison, _ = browse(Role.DONOR_LIAISON)
    page = liaison.get("/ui/").text
    assert "donor liaison for POL: your nation&#39;s pledges, public requirements" in page
    operator, _ = browse(Role.HUB_OPERATOR)
    assert "hub operator at HUB-RZE" in operator.get("/ui/").text
    assert 'rel="icon" href="/static/favicon.svg"' in page
    assert operator.get("/static/favicon.svg").status_code == 200


def test_forms_pick_donors_items_and_sites_from_lists(browse: Browse) -> None:
    coordinator, _ = browse(Role.COORDINATOR)
    pledge = coordinator.get("/ui/pledges/new").text
    assert 'list="l-item"' in pledge
    assert '<option value="GEN-10">Generator (each)</option>' in pledge
    assert '<option value="DEP-POL">Depot Poland</option>' in pledge
    assert '<option value="DEU">Germany</option>' in pledge
    liaison, _ = browse(Role.DONOR_LIAISON)
    own = liaison.get("/ui/pledges/new").text
    assert '<option value="POL">Poland</option>' in own
    assert '<option value="DEU">' not in own
    need = coordinator.get("/ui/requirements/new").text
    assert '<option value="DLV-KYIV">Kyiv</option>' in need
    assert 'list="l-site"' in coordinator.get("/ui/shipments").text


def test_shipment_ids_sort_naturally() -> None:
    ids = ["S-10", "S-2", "SIM-1-100", "S-1", "SIM-1-9"]
    assert sorted(ids, key=natural_key) == ["S-1", "S-2", "S-10", "SIM-1-9", "SIM-1-100"]

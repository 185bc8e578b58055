"""The shipped reference data: nations, catalogue, geography, and the rounding of quantities."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pledgeflow.demo.catalogue import CATALOGUE, catalogue_items
from pledgeflow.demo.families import reference_families
from pledgeflow.demo.geography import (
    DELIVERY_PLACES,
    DEPOT_PLACES,
    REFERENCE_HUBS,
    Place,
    distance_km,
    transit_days,
)
from pledgeflow.demo.nations import DONORS, RECIPIENT, nation_parties
from pledgeflow.demo.needs import round_quantity
from pledgeflow.domain.items import SupplyClass
from pledgeflow.domain.parties import Role

RZESZOW = REFERENCE_HUBS[0].place
KYIV = DELIVERY_PLACES[0][0]


def test_about_thirty_donors_with_iso_codes_and_currencies() -> None:
    parties = nation_parties()
    codes = [party.code for party in parties]
    assert 30 <= len(DONORS) <= 40
    assert len(set(codes)) == len(codes)
    for party in parties:
        assert len(party.code) == 3
        assert party.code.isalpha()
        assert party.code.isupper()
        assert party.currency is not None
        assert len(party.currency) == 3
        assert party.gdp_eur is not None
        assert party.gdp_eur > 0


def test_ukraine_is_the_only_recipient_and_poland_romania_operate_hubs() -> None:
    parties = {party.code: party for party in nation_parties()}
    recipients = [code for code, party in parties.items() if party.has_role(Role.RECIPIENT)]
    assert recipients == ["UKR"]
    assert not parties["UKR"].has_role(Role.DONOR)
    operators = {code for code, party in parties.items() if party.has_role(Role.HUB_OPERATOR)}
    assert operators == {"POL", "ROU"}
    assert all(party.has_role(Role.DONOR) for code, party in parties.items() if code != "UKR")
    assert {code for code, p in parties.items() if p.has_role(Role.LENDER)} >= {"USA", "DEU"}
    assert any(party.has_role(Role.TRAINER) for party in parties.values())


def test_gdp_figures_are_in_the_right_order_of_magnitude() -> None:
    gdp = {nation.code: nation.gdp_bn_eur for nation in (*DONORS, RECIPIENT)}
    assert max(gdp, key=lambda code: gdp[code]) == "USA"
    assert 20_000 < gdp["USA"] < 30_000
    assert 3_500 < gdp["DEU"] < 4_500
    assert gdp["DEU"] > gdp["FRA"] > gdp["ITA"] > gdp["ESP"] > gdp["NLD"] > gdp["POL"]
    assert gdp["EST"] < gdp["LVA"] < gdp["LTU"]


def test_every_donor_has_one_or_two_depots_and_non_lethal_donors_exist() -> None:
    assert set(DEPOT_PLACES) == {nation.code for nation in DONORS}
    assert all(1 <= len(places) <= 2 for places in DEPOT_PLACES.values())
    assert {nation.code for nation in DONORS if not nation.lethal_aid} == {
        "AUT",
        "CHE",
        "HUN",
        "IRL",
    }


def test_catalogue_covers_every_supply_class_with_positive_masses() -> None:
    items = catalogue_items()
    codes = [item.code for item in items]
    assert 55 <= len(items) <= 80
    assert len(set(codes)) == len(codes)
    assert {item.supply_class for item in items} == set(SupplyClass)
    assert all(item.unit_mass_kg > 0 for item in items)
    assert all(item.unit_value_eur is not None and item.unit_value_eur > 0 for item in items)
    assert all(entry.typical_quantity >= 1 for entry in CATALOGUE)


def test_bulk_goods_are_divisible_and_vehicles_are_not() -> None:
    for item in catalogue_items():
        if item.unit == "t":
            assert item.divisible, item.code
            assert item.unit_mass_kg == Decimal(1000), item.code
        if item.unit in {"vehicle", "missile", "module"}:
            assert not item.divisible, item.code
    indivisible = [item for item in catalogue_items() if not item.divisible]
    assert 5 <= len(indivisible) < len(catalogue_items()) / 2


def test_substitution_groups_have_several_members_of_one_unit_and_class() -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for item in catalogue_items():
        if item.substitution_group is not None:
            groups[item.substitution_group].append(item.code)
    items = {item.code: item for item in catalogue_items()}
    assert {"cargo-trucks", "generators", "rations-24h"} <= set(groups)
    for members in groups.values():
        assert 2 <= len(members) <= 4
        assert len({items[code].unit for code in members}) == 1
        assert len({items[code].supply_class for code in members}) == 1
        assert len({items[code].divisible for code in members}) == 1


def test_reference_families_partition_the_catalogue() -> None:
    families = reference_families()
    codes = [entry.item.code for family in families for entry in family.members]
    assert sorted(codes) == sorted(item.code for item in catalogue_items())
    for family in families:
        groups = {entry.item.substitution_group for entry in family.members}
        assert len(groups) == 1
        assert len(family.members) == 1 or None not in groups


def test_distances_and_transit_days_match_the_map() -> None:
    assert 550 < distance_km(RZESZOW, KYIV) < 700
    assert 2 <= transit_days(RZESZOW, KYIV, border_crossing=True) <= 4
    norfolk = DEPOT_PLACES["USA"][0]
    assert 20 <= transit_days(norfolk, RZESZOW) <= 35
    warsaw = DEPOT_PLACES["POL"][0]
    assert transit_days(warsaw, RZESZOW) <= 2
    lisbon = DEPOT_PLACES["PRT"][0]
    assert transit_days(warsaw, RZESZOW) < transit_days(lisbon, RZESZOW) <= 10


def test_hubs_are_in_poland_and_romania_near_the_border() -> None:
    assert {hub.country for hub in REFERENCE_HUBS} == {"POL", "ROU"}
    for hub in REFERENCE_HUBS:
        nearest_delivery = min(distance_km(hub.place, place) for place, _ in DELIVERY_PLACES)
        assert nearest_delivery < 400, hub.code
        assert hub.capacity_weight > 0


places = st.builds(
    Place,
    st.just("somewhere"),
    st.floats(min_value=-60, max_value=70),
    st.floats(min_value=-180, max_value=180),
)


@given(places, places)
def test_transit_days_are_symmetric_and_at_least_one(a: Place, b: Place) -> None:
    assert transit_days(a, b) == transit_days(b, a) >= 1
    assert transit_days(a, b, border_crossing=True) == transit_days(a, b) + 1


@given(st.floats(min_value=0, max_value=3_900), st.floats(min_value=0, max_value=3_900))
def test_overland_transit_never_gets_shorter_with_distance(km_a: float, km_b: float) -> None:
    """Along one meridian, a farther destination never arrives sooner."""
    origin = Place("origin", 0.0, 20.0)
    near, far = sorted((km_a, km_b))
    near_place = Place("near", near / 111.195, 20.0)
    far_place = Place("far", far / 111.195, 20.0)
    assert transit_days(origin, near_place) <= transit_days(origin, far_place)


@given(st.floats(min_value=0.01, max_value=1e7))
def test_round_quantity_gives_whole_units_within_five_per_cent(quantity: float) -> None:
    rounded = round_quantity(quantity)
    assert rounded >= 1
    assert rounded == rounded.to_integral_value()
    if quantity >= 10:
        assert abs(float(rounded) - quantity) <= 0.05 * quantity
        assert len(str(rounded).rstrip("0")) <= 2
    else:
        assert abs(float(rounded) - max(quantity, 1)) <= 0.5

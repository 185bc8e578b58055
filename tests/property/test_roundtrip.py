"""Any valid dataset survives export and import unchanged, in both file formats.

The strategy builds datasets that are consistent by construction (references point at drawn
records, hubs carry capacities, only donors pledge), so validation must accept every one of
them and give back exactly what was written; writing that again must give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.adapters.importers import read_tables, validate
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import HubCalendarEntry, Lane, Site, SiteKind

CODES = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", min_size=1, max_size=6).filter(
    lambda code: not code.startswith("-")  # ids may not start a spreadsheet formula
)
WORDS = (
    st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=20)
    .map(str.strip)
    .filter(bool)
)
NOTES = st.none() | st.lists(WORDS, min_size=1, max_size=3).map("\n".join)
DATES = st.dates()
SMALL = st.integers(min_value=0, max_value=30)
EXPONENTS = st.integers(min_value=0, max_value=3)


def decimals(*, places: int, whole_digits: int, positive: bool) -> st.SearchStrategy[Decimal]:
    """Decimals storage can keep, in every spelling: 2.500, 1E+3, up to 18 digits long."""
    fixed = st.integers(0, 10 ** (whole_digits + places) - 1).map(
        lambda n: Decimal(n).scaleb(-places)
    )
    exponent_form = st.builds(lambda n, e: Decimal(n).scaleb(e), st.integers(0, 10**6), EXPONENTS)
    numbers = fixed | exponent_form
    return numbers.filter(lambda number: number > 0) if positive else numbers


QUANTITIES = decimals(places=3, whole_digits=15, positive=True)
AMOUNTS = decimals(places=3, whole_digits=15, positive=False)
MONEY = st.none() | decimals(places=2, whole_digits=18, positive=False)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    parties = draw(st.lists(_parties(), max_size=4, unique_by=lambda p: p.code))
    items = draw(st.lists(_items(), max_size=4, unique_by=lambda i: i.code))
    sites = draw(st.lists(_sites(), max_size=5, unique_by=lambda s: s.code))
    site_codes = [site.code for site in sites]
    hubs = [site.code for site in sites if site.is_hub]
    lanes = draw(_lanes(site_codes)) if len(site_codes) > 1 else []
    calendar = draw(_calendar(hubs)) if hubs else []
    requirements: list[Requirement] = []
    if items and sites:
        requirements = draw(
            st.lists(_requirement(items, site_codes), max_size=5, unique_by=lambda r: r.id)
        )
    donors = [party.code for party in parties if Role.DONOR in party.roles]
    pledges: list[Pledge] = []
    if donors and items and sites:
        earmarks = [r.id for r in requirements]
        pledges = draw(
            st.lists(
                _pledge(donors, items, site_codes, earmarks), max_size=5, unique_by=lambda p: p.id
            )
        )
    return Dataset(
        parties=tuple(parties),
        items=tuple(items),
        sites=tuple(sites),
        lanes=tuple(lanes),
        hub_calendar=tuple(calendar),
        requirements=tuple(requirements),
        pledges=tuple(pledges),
    )


def _parties() -> st.SearchStrategy[Party]:
    return st.builds(
        Party,
        code=CODES,
        name=WORDS,
        roles=st.frozensets(st.sampled_from(Role), min_size=1),
        gdp_eur=MONEY,
        currency=st.none() | st.sampled_from(["EUR", "USD", "PLN"]),
    )


@st.composite
def _items(draw: st.DrawFn) -> Item:
    group = draw(st.none() | st.sampled_from(["power", "food", "med"]))
    return Item(
        code=draw(CODES),
        name=draw(WORDS),
        supply_class=draw(st.sampled_from(SupplyClass)),
        unit=draw(WORDS),
        unit_mass_kg=draw(QUANTITIES),
        unit_value_eur=draw(MONEY),
        divisible=draw(st.booleans()),
        substitution_group=group,
        substitution_penalty=draw(st.none() | AMOUNTS) if group else None,
    )


@st.composite
def _sites(draw: st.DrawFn) -> Site:
    kind = draw(st.sampled_from(SiteKind))
    hub = kind is SiteKind.HUB
    return Site(
        code=draw(CODES),
        name=draw(WORDS),
        kind=kind,
        country=draw(st.sampled_from(["PL", "UA", "DE", "RO"])),
        capacity_t_per_day=draw(AMOUNTS) if hub else None,
        handling_days=draw(SMALL) if hub else 0,
    )


def _lanes(site_codes: list[str]) -> st.SearchStrategy[list[Lane]]:
    pairs = st.tuples(st.sampled_from(site_codes), st.sampled_from(site_codes)).filter(
        lambda pair: pair[0] != pair[1]
    )
    return st.lists(
        st.builds(lambda pair, days: Lane(pair[0], pair[1], days), pairs, SMALL),
        max_size=5,
        unique_by=lambda lane: (lane.from_site, lane.to_site),
    )


@st.composite
def _calendar(draw: st.DrawFn, hubs: list[str]) -> list[HubCalendarEntry]:
    """A few entries per hub, one after another, so that no two of a hub overlap."""
    entries = []
    for hub in draw(st.lists(st.sampled_from(hubs), max_size=3, unique=True)):
        day = draw(st.dates(max_value=dt.date(2090, 1, 1)))
        for _ in range(draw(st.integers(1, 3))):
            first = day + dt.timedelta(days=draw(SMALL))
            last = first + dt.timedelta(days=draw(SMALL))
            entries.append(HubCalendarEntry(hub, first, last, draw(AMOUNTS)))
            day = last + dt.timedelta(days=1)
    return list({(e.hub, e.from_date, e.to_date): e for e in entries}.values())


def _quantity(draw: st.DrawFn, item: Item) -> Decimal:
    """Any quantity of a divisible item; whole units (in any spelling) of an indivisible one."""
    if item.divisible:
        return draw(QUANTITIES)
    return draw(QUANTITIES.map(lambda number: number.to_integral_value(ROUND_DOWN)).filter(bool))


@st.composite
def _requirement(draw: st.DrawFn, items: list[Item], site_codes: list[str]) -> Requirement:
    item = draw(st.sampled_from(items))
    return Requirement(
        id=draw(CODES),
        item=item.code,
        quantity=_quantity(draw, item),
        priority=draw(st.integers(1, 5)),
        needed_by=draw(DATES),
        destination=draw(st.sampled_from(site_codes)),
        releasability=draw(st.sampled_from(Releasability)),
        notes=draw(NOTES),
    )


@st.composite
def _pledge(
    draw: st.DrawFn,
    donors: list[str],
    items: list[Item],
    site_codes: list[str],
    earmarks: list[str],
) -> Pledge:
    item = draw(st.sampled_from(items))
    return Pledge(
        id=draw(CODES),
        donor=draw(st.sampled_from(donors)),
        item=item.code,
        quantity=_quantity(draw, item),
        available_from=draw(DATES),
        origin=draw(st.sampled_from(site_codes)),
        status=draw(st.sampled_from(PledgeStatus)),
        value_eur=draw(MONEY),
        earmark=draw(st.none() | st.sampled_from(earmarks)) if earmarks else None,
        releasability=draw(st.sampled_from(Releasability)),
    )


def _files(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {file.name: file.read_bytes() for file in sorted(path.iterdir())}
    return {path.name: path.read_bytes()}


def _round_trip(dataset: Dataset, target: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder, "first", target), Path(folder, "second", target)
        first.parent.mkdir()
        second.parent.mkdir()
        write_dataset(dataset, first)

        result = validate(read_tables(first), Dataset(), update=False)

        assert result.problems == []
        assert result.dataset == dataset
        write_dataset(result.dataset, second)
        assert _files(second) == _files(first)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_csv_folder_round_trip(dataset: Dataset) -> None:
    _round_trip(dataset, "export")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_workbook_round_trip(dataset: Dataset) -> None:
    _round_trip(dataset, "export.xlsx")

"""The tracker's sums and fair shares, pure: hand-computed cases and the invariants that
totals, months and fair shares are the same contributions cut differently."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pledgeflow.adapters.exporters import iati
from pledgeflow.domain.burden_sharing import (
    Category,
    Contribution,
    Donor,
    Stage,
    Target,
    fair_shares,
    tally,
)
from pledgeflow.domain.contributions import OfferSeats, training_contributions

DONORS = [
    Donor("A", "Alpha", Decimal(300)),
    Donor("B", "Beta", Decimal(100)),
    Donor("C", "Gamma", None),
]
YEAR = Target("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), Decimal(1000))


def test_fair_share_is_target_times_share_of_group_gdp() -> None:
    given_ = [
        Contribution(
            "A", Category.IN_KIND, Stage.DELIVERED, Decimal(800), dt.date(2026, 3, 1), "p1"
        ),
        Contribution(
            "B", Category.TRAINING, Stage.DELIVERED, Decimal(100), dt.date(2026, 5, 1), "o1"
        ),
        Contribution(
            "B", Category.IN_KIND, Stage.DELIVERED, Decimal(999), dt.date(2025, 5, 1), "old"
        ),
        Contribution(
            "A", Category.IN_KIND, Stage.COMMITTED, Decimal(999), dt.date(2026, 3, 1), "p1"
        ),
    ]
    rows = {f.donor.code: f for f in fair_shares(YEAR, DONORS, given_)}
    assert set(rows) == {"A", "B"}, "a donor without a GDP has no share to be held to"
    assert rows["A"].fair_share_eur == Decimal(750)
    assert rows["A"].contributed_eur == Decimal(800)
    assert rows["A"].standing == "ahead"
    assert rows["B"].fair_share_eur == Decimal(250)
    assert rows["B"].contributed_eur == Decimal(100), "outside the period or another stage"
    assert rows["B"].balance_eur == Decimal(-150)
    assert rows["B"].standing == "behind"


def test_gdp_share_target() -> None:
    target = Target("y", dt.date(2026, 1, 1), dt.date(2026, 12, 31), gdp_share=Decimal("0.01"))
    rows = {f.donor.code: f for f in fair_shares(target, DONORS, [])}
    assert rows["A"].fair_share_eur == Decimal(3), "1 % of the group's 400, times 3/4"


def test_training_counts_seats_at_the_course_value() -> None:
    offer = OfferSeats("O1", "A", "C1", 10, 4, dt.date(2026, 1, 5), dt.date(2026, 1, 9))
    before = training_contributions([offer], {"C1": Decimal(250)}, dt.date(2026, 1, 8))
    after = training_contributions([offer], {"C1": Decimal(250)}, dt.date(2026, 1, 9))
    assert [(c.stage, c.amount_eur) for c in before] == [
        (Stage.COMMITTED, Decimal(2500)),
        (Stage.ALLOCATED, Decimal(1000)),
    ]
    assert after[-1].stage is Stage.DELIVERED
    assert after[-1].amount_eur == Decimal(1000)
    assert after[-1].date == dt.date(2026, 1, 9)
    assert training_contributions([offer], {}, dt.date(2027, 1, 1)) == [], "no stated value"


contributions = st.lists(
    st.builds(
        Contribution,
        donor=st.sampled_from(["A", "B", "C", "D"]),
        category=st.sampled_from(list(Category)),
        stage=st.sampled_from(list(Stage)),
        amount_eur=st.decimals(min_value=0, max_value=10**9, places=2),
        date=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
        source=st.just("x"),
    ),
    max_size=40,
)


@given(contributions)
def test_totals_months_and_donors_agree(given_: list[Contribution]) -> None:
    result = tally(DONORS, given_)
    for stage in Stage:
        total = sum((c.amount_eur for c in given_ if c.stage is stage), Decimal(0))
        assert sum((d.amount(None, stage) for d in result.donors), Decimal(0)) == total
        assert sum((m.amounts[stage] for m in result.months), Decimal(0)) == total
        if result.months:
            assert result.months[-1].cumulative[stage] == total
    assert {d.donor.code for d in result.donors} >= {"A", "B", "C"}
    assert result.records == len(given_)


@given(contributions, st.decimals(min_value=0, max_value=10**9, places=2))
def test_fair_shares_add_up_to_the_target(given_: list[Contribution], amount: Decimal) -> None:
    target = Target("y", dt.date(2025, 1, 1), dt.date(2027, 12, 31), amount)
    rows = fair_shares(target, DONORS, given_)
    assert abs(sum(r.fair_share_eur for r in rows) - amount) <= Decimal("0.01") * len(rows)


def test_iati_reports_a_record_in_its_own_currency(tmp_path: Path) -> None:
    """A loan tranche of 1,000 USD worth 920 EUR: the tracker sums 920 EUR, the IATI file
    says 1,000 USD at the tranche's date."""
    tranche = Contribution(
        "A",
        Category.FINANCIAL,
        Stage.DELIVERED,
        Decimal(920),
        dt.date(2026, 6, 30),
        "tranche F-1/2026-06-30",
        currency="USD",
        amount=Decimal(1000),
    )
    assert tally(DONORS, [tranche]).donors[0].amount(Category.FINANCIAL, Stage.DELIVERED) == 920
    programme = iati.Programme(
        iati.Organisation("A", "Alpha"), iati.Organisation("UKR", "Ukraine"), "UA", [tranche], {}
    )
    path = iati.write([programme], tmp_path / "a.xml", dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    assert iati.read_totals(path) == {"XM-PLEDGEFLOW-A-UKR": {("3", "USD"): Decimal(1000)}}
    assert 'value-date="2026-06-30"' in path.read_text(encoding="utf-8")

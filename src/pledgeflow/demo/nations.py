"""The real nations of the demo: donors, the recipient and the hub operators.

GDP is 2023 nominal GDP in billions of euros, rounded. For EU and EFTA members the figure is
Eurostat's national-accounts series (nama_10_gdp, current prices, EUR); for the others it is the
IMF World Economic Outlook (October 2024) figure in US dollars converted at the ECB's 2023 annual
average reference rate of 1.0813 USD per EUR. The figures only drive share-of-GDP reports and the
generator's choice of donor, so a rounding of a few per cent does not matter.

`lethal_aid` is False for nations whose law or policy limits them to non-lethal assistance
(Austria, Ireland, Switzerland, Hungary); the generator never has them pledge weapons or
ammunition, so the demo does not show a pledge a staff officer would know to be impossible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain.parties import Party, Role

_D = Role.DONOR
_L = Role.LENDER
_T = Role.TRAINER
_H = Role.HUB_OPERATOR

RECIPIENT_CODE = "UKR"


@dataclass(frozen=True, slots=True)
class Nation:
    """One nation as the demo knows it; `gdp_bn_eur` is 2023 nominal GDP in billions of euros."""

    code: str
    name: str
    gdp_bn_eur: int
    currency: str
    roles: frozenset[Role]
    lethal_aid: bool = True

    def party(self) -> Party:
        return Party(
            code=self.code,
            name=self.name,
            roles=self.roles,
            gdp_eur=Decimal(self.gdp_bn_eur) * 1_000_000_000,
            currency=self.currency,
        )


def _n(code: str, name: str, gdp: int, currency: str, *roles: Role, lethal: bool = True) -> Nation:
    return Nation(code, name, gdp, currency, frozenset(roles), lethal)


DONORS: tuple[Nation, ...] = (
    _n("USA", "United States", 25_300, "USD", _D, _L, _T),
    _n("CAN", "Canada", 1_980, "CAD", _D, _L, _T),
    _n("GBR", "United Kingdom", 3_090, "GBP", _D, _L, _T),
    _n("DEU", "Germany", 4_185, "EUR", _D, _L, _T),
    _n("FRA", "France", 2_805, "EUR", _D, _L, _T),
    _n("ITA", "Italy", 2_130, "EUR", _D, _L, _T),
    _n("JPN", "Japan", 3_890, "JPY", _D, _L),
    _n("ESP", "Spain", 1_500, "EUR", _D, _T),
    _n("NLD", "Netherlands", 1_030, "EUR", _D, _T),
    _n("BEL", "Belgium", 585, "EUR", _D),
    _n("LUX", "Luxembourg", 80, "EUR", _D),
    _n("POL", "Poland", 750, "PLN", _D, _T, _H),
    _n("ROU", "Romania", 325, "RON", _D, _H),
    _n("SWE", "Sweden", 540, "SEK", _D, _T),
    _n("NOR", "Norway", 450, "NOK", _D, _T),
    _n("DNK", "Denmark", 375, "DKK", _D, _T),
    _n("FIN", "Finland", 277, "EUR", _D, _T),
    _n("EST", "Estonia", 38, "EUR", _D, _T),
    _n("LVA", "Latvia", 40, "EUR", _D),
    _n("LTU", "Lithuania", 72, "EUR", _D, _T),
    _n("CZE", "Czechia", 305, "CZK", _D, _T),
    _n("SVK", "Slovakia", 122, "EUR", _D),
    _n("HUN", "Hungary", 197, "HUF", _D, lethal=False),
    _n("AUT", "Austria", 475, "EUR", _D, lethal=False),
    _n("SVN", "Slovenia", 63, "EUR", _D),
    _n("HRV", "Croatia", 77, "EUR", _D),
    # Bulgaria has used the euro since 1 January 2026; its 2023 GDP is converted from leva.
    _n("BGR", "Bulgaria", 94, "EUR", _D),
    _n("GRC", "Greece", 220, "EUR", _D),
    _n("PRT", "Portugal", 267, "EUR", _D),
    _n("IRL", "Ireland", 510, "EUR", _D, lethal=False),
    _n("CHE", "Switzerland", 820, "CHF", _D, lethal=False),
    _n("TUR", "Türkiye", 1_030, "TRY", _D),
    _n("KOR", "Republic of Korea", 1_580, "KRW", _D),
    _n("AUS", "Australia", 1_590, "AUD", _D, _T),
    _n("NZL", "New Zealand", 230, "NZD", _D, _T),
)

RECIPIENT = _n(RECIPIENT_CODE, "Ukraine", 166, "UAH", Role.RECIPIENT)


def nation_parties() -> tuple[Party, ...]:
    """Every demo party: the donors (hub operators among them) followed by the recipient."""
    return tuple(nation.party() for nation in (*DONORS, RECIPIENT))


def donor_weight(nation: Nation) -> float:
    """How often a nation pledges relative to others.

    Pledge counts grow more slowly than GDP (a large economy does not record a hundred times as
    many pledges as a small one), so the weight is GDP to the power 0.6.
    """
    return math.pow(nation.gdp_bn_eur, 0.6)

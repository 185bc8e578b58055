"""The demo catalogue: about sixty generic items across NATO supply classes I to X.

Masses and values are round figures of the right order for generic goods of each kind, not the
data of any product. `typical_quantity` is the size of one ordinary requirement line (a staff
request for 800 t of diesel, 20 trucks or 12 interceptors), from which the generator draws.

Substitution: items in one group may stand in for one another unit for unit; each item's
penalty is what it costs per unit when it stands in (an oversized generator is a fair stand-in,
0.2; an undersized one much less so, 0.6). Bulk goods are divisible; vehicles, generators,
modules, transformers and missiles are not, so the planner must move them in whole units.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain.items import Item, SupplyClass


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """An item plus what the generator needs to know about it."""

    item: Item
    typical_quantity: int
    lethal: bool = False


def _e(
    code: str,
    name: str,
    supply_class: str,
    unit: str,
    mass_kg: str,
    value_eur: str,
    typical_quantity: int,
    *,
    divisible: bool = True,
    group: str | None = None,
    penalty: str | None = None,
    lethal: bool = False,
) -> CatalogueEntry:
    item = Item(
        code=code,
        name=name,
        supply_class=SupplyClass(supply_class),
        unit=unit,
        unit_mass_kg=Decimal(mass_kg),
        unit_value_eur=Decimal(value_eur),
        divisible=divisible,
        substitution_group=group,
        substitution_penalty=None if penalty is None else Decimal(penalty),
    )
    return CatalogueEntry(item, typical_quantity, lethal)


# The table is laid out by hand, one entry per line or two, to be read as a table.
# fmt: off
CATALOGUE: tuple[CatalogueEntry, ...] = (
    # Class I: subsistence and water.
    _e("RAT-24H-A", "Combat ration, 24 h, menu A", "I", "pack", "1.6", "12", 40_000,
       group="rations-24h", penalty="0.1"),
    _e("RAT-24H-V", "Combat ration, 24 h, vegetarian", "I", "pack", "1.5", "12", 10_000,
       group="rations-24h", penalty="0.2"),
    _e("RAT-24H-C", "Emergency ration, 24 h, civilian", "I", "pack", "1.2", "6", 30_000,
       group="rations-24h", penalty="0.4"),
    _e("FOOD-PARCEL", "Food parcel, family, one week", "I", "parcel", "15", "45", 5_000),
    _e("FLOUR", "Wheat flour, bagged", "I", "t", "1000", "350", 1_000),
    _e("WATER-BOTTLED", "Drinking water, bottled, pallet", "I", "pallet", "800", "150", 120),
    _e("WATER-TABS", "Water purification tablets, box of 1,000", "I", "box", "1.2", "60", 2_000),
    _e("WPU-2", "Water purification unit, 2 m³/h, containerised", "I", "unit", "3500",
       "120000", 4, divisible=False, group="water-purification-units", penalty="0.6"),
    _e("WPU-10", "Water purification unit, 10 m³/h, containerised", "I", "unit", "9000",
       "380000", 2, divisible=False, group="water-purification-units", penalty="0.3"),
    # Class II: clothing, individual equipment, tentage.
    _e("WINTER-SET", "Cold-weather clothing set (jacket, trousers, fleece)", "II", "set", "4.5",
       "260", 10_000, group="winter-clothing", penalty="0"),
    _e("WINTER-SET-X", "Extreme-cold clothing set", "II", "set", "5.5", "380", 4_000,
       group="winter-clothing", penalty="0.2"),
    _e("SLEEP-BAG-W", "Sleeping bag, winter, -20 °C", "II", "piece", "2.6", "140", 8_000,
       group="sleeping-bags", penalty="0.1"),
    _e("SLEEP-BAG-3", "Sleeping bag, three-season", "II", "piece", "1.8", "70", 5_000,
       group="sleeping-bags", penalty="0.5"),
    _e("BOOTS-CW", "Boots, cold weather", "II", "pair", "2.0", "120", 8_000),
    _e("HELMET", "Helmet, ballistic", "II", "piece", "1.4", "350", 5_000),
    _e("BODY-ARMOUR", "Body armour, plate carrier with plates", "II", "set", "9", "900", 4_000),
    _e("TENT-10", "Tent, 10-person, heated", "II", "piece", "120", "3500", 200),
    _e("BLANKET", "Blanket, thermal", "II", "piece", "1.5", "15", 20_000),
    _e("NIGHT-SIGHT", "Night-vision monocular", "II", "piece", "0.5", "3200", 500),
    # Class III: petroleum, oils and lubricants.
    _e("DIESEL", "Diesel fuel, EN 590", "III", "t", "1000", "1050", 2_000,
       group="diesel", penalty="0.1"),
    _e("DIESEL-ARCTIC", "Diesel fuel, arctic grade", "III", "t", "1000", "1150", 600,
       group="diesel", penalty="0"),
    _e("JET-FUEL", "Aviation turbine fuel, F-34", "III", "t", "1000", "1100", 1_000),
    _e("ENGINE-OIL", "Engine oil, 208 L drum", "III", "drum", "190", "600", 200),
    # Class IV: construction and barrier materials.
    _e("CEMENT", "Cement, bagged", "IV", "t", "1000", "130", 800),
    _e("OSB-BOARDS", "OSB boards for window and roof repair, pallet", "IV", "pallet", "900",
       "700", 150),
    _e("SANDBAGS", "Sandbags, bundle of 100", "IV", "bundle", "25", "40", 2_000),
    _e("CONCERTINA", "Concertina wire, coil", "IV", "coil", "25", "60", 1_500),
    _e("SHELTER-MOD", "Prefabricated shelter module", "IV", "module", "2500", "25000", 20,
       divisible=False),
    _e("BRIDGE-30", "Modular bridge set, 30 m", "IV", "set", "45000", "1800000", 2,
       divisible=False),
    # Class V: ammunition and missiles (generic calibres).
    _e("AMMO-556", "Cartridges 5.56 mm, box of 1,000", "V", "box", "13", "600", 2_000,
       lethal=True),
    _e("AMMO-762", "Cartridges 7.62 mm, box of 1,000", "V", "box", "25", "900", 1_000,
       lethal=True),
    _e("ART-155-HE", "Artillery round 155 mm, high explosive, with charge", "V", "round", "48",
       "4000", 8_000, group="artillery-155", penalty="0.1", lethal=True),
    _e("ART-155-ER", "Artillery round 155 mm, extended range, with charge", "V", "round", "50",
       "7000", 2_000, group="artillery-155", penalty="0", lethal=True),
    _e("ART-152-HE", "Artillery round 152 mm, high explosive, with charge", "V", "round", "50",
       "3500", 6_000, lethal=True),
    _e("ROCKET-122", "Artillery rocket 122 mm", "V", "rocket", "66", "2500", 1_000, lethal=True),
    _e("MORTAR-120", "Mortar bomb 120 mm", "V", "bomb", "16", "1200", 3_000, lethal=True),
    _e("ATGM", "Anti-tank guided missile, man-portable", "V", "missile", "22", "80000", 100,
       divisible=False, lethal=True),
    _e("MANPADS", "Man-portable air-defence missile", "V", "missile", "17", "250000", 40,
       divisible=False, lethal=True),
    _e("AD-INT-SR", "Air-defence interceptor, short range", "V", "missile", "90", "400000", 12,
       divisible=False, lethal=True),
    _e("AD-INT-MR", "Air-defence interceptor, medium range", "V", "missile", "900", "1200000", 6,
       divisible=False, lethal=True),
    # Class VI: personal demand items.
    _e("HYGIENE-KIT", "Hygiene kit, personal", "VI", "kit", "1.2", "20", 15_000,
       group="hygiene-kits", penalty="0.3"),
    _e("HYGIENE-FAM", "Hygiene kit, family", "VI", "kit", "8", "60", 3_000,
       group="hygiene-kits", penalty="0.1"),
    # Class VII: major end items.
    _e("TRUCK-6T", "Cargo truck, 6 t, 4x4", "VII", "vehicle", "9000", "140000", 20,
       divisible=False, group="cargo-trucks", penalty="0.5"),
    _e("TRUCK-10T", "Cargo truck, 10 t, 6x6", "VII", "vehicle", "14000", "210000", 15,
       divisible=False, group="cargo-trucks", penalty="0.2"),
    _e("FUEL-TANKER", "Fuel tanker truck, 10,000 L", "VII", "vehicle", "16000", "250000", 10,
       divisible=False),
    _e("AMBULANCE", "Ambulance, 4x4", "VII", "vehicle", "4500", "120000", 15,
       divisible=False, group="ambulances", penalty="0.3"),
    _e("AMBULANCE-ARM", "Ambulance, armoured", "VII", "vehicle", "14000", "600000", 6,
       divisible=False, group="ambulances", penalty="0.1"),
    _e("GEN-20", "Generator set, diesel, 20 kVA", "VII", "unit", "700", "12000", 60,
       divisible=False, group="generators", penalty="0.6"),
    _e("GEN-60", "Generator set, diesel, 60 kVA", "VII", "unit", "1500", "28000", 30,
       divisible=False, group="generators", penalty="0.2"),
    _e("GEN-500", "Generator set, 500 kVA, containerised", "VII", "unit", "8000", "150000", 8,
       divisible=False),
    _e("TRANSFORMER-HV", "Power transformer, 110 kV, 40 MVA", "VII", "unit", "60000",
       "1500000", 2, divisible=False),
    _e("TRANSFORMER-DIST", "Distribution transformer, 10/0.4 kV, 630 kVA", "VII", "unit",
       "2200", "25000", 20, divisible=False),
    _e("PROTECTED-VEH", "Protected infantry mobility vehicle", "VII", "vehicle", "12000",
       "600000", 10, divisible=False, lethal=True),
    _e("EXCAVATOR", "Excavator, tracked, 20 t", "VII", "vehicle", "20000", "180000", 4,
       divisible=False),
    _e("DEMINING-MACHINE", "Demining machine, remote-controlled", "VII", "unit", "9000",
       "900000", 2, divisible=False),
    _e("FIELD-HOSPITAL", "Field hospital module, 50 beds", "VII", "module", "22000", "1800000",
       1, divisible=False),
    _e("UAS-RECCE", "Reconnaissance drone system, small", "VII", "system", "25", "30000", 40,
       lethal=True),
    # Class VIII: medical.
    _e("IFAK", "Individual first aid kit", "VIII", "kit", "0.5", "60", 10_000,
       group="first-aid-kits", penalty="0.1"),
    _e("IFAK-H", "Individual first aid kit with haemostatic dressing", "VIII", "kit", "0.6",
       "90", 5_000, group="first-aid-kits", penalty="0"),
    _e("TRAUMA-KIT", "Trauma kit, medical team", "VIII", "kit", "12", "900", 500),
    _e("TOURNIQUET", "Tourniquet, windlass", "VIII", "piece", "0.1", "25", 20_000),
    _e("MEDICINES-KIT", "Essential medicines kit, 1,000 patients for 3 months", "VIII", "kit",
       "900", "8000", 20),
    # Class IX: repair parts.
    _e("SPARES-WHEELED", "Spare parts kit, wheeled vehicles", "IX", "kit", "400", "15000", 100),
    _e("SPARES-ARTY", "Spare parts kit, towed artillery", "IX", "kit", "300", "60000", 40,
       lethal=True),
    _e("SPARES-GEN", "Spare parts kit, generator sets", "IX", "kit", "80", "3000", 200),
    _e("TYRES-TRUCK", "Truck tyres, set of 6", "IX", "set", "350", "3000", 200),
    # Class X: non-military programmes (humanitarian demining, energy, recovery).
    _e("DEMINING-KIT", "Demining kit, manual team", "X", "kit", "150", "25000", 40,
       group="demining-kits", penalty="0.4"),
    _e("DEMINING-KIT-GPR", "Demining kit with ground-penetrating radar", "X", "kit", "180",
       "60000", 15, group="demining-kits", penalty="0.1"),
    _e("SOLAR-KIT", "Solar power kit, 5 kW", "X", "kit", "400", "9000", 200),
    _e("MV-CABLE", "Medium-voltage power cable, 500 m drum", "X", "drum", "3000", "30000", 30),
    _e("SHELTER-KIT", "Emergency shelter kit (tarpaulins, fixings, tools)", "X", "kit", "12",
       "70", 5_000),
)
# fmt: on


def catalogue_items() -> tuple[Item, ...]:
    return tuple(entry.item for entry in CATALOGUE)

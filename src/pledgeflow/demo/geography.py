"""Where things are: the demo's hubs, donor depots and delivery points, and transit times.

Coordinates are rounded city centres (decimal degrees). Transit days come from great-circle
distance, not from a road network: the route factor and daily distance below turn distance into
days a logistics officer would accept as a first estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0
# Roads and railways are about 30 % longer than the straight line; a truck or a freight train
# covers about 600 km a day including rest and shunting.
ROAD_FACTOR = 1.3
ROAD_KM_PER_DAY = 600.0
# Beyond this straight-line distance the goods go by sea: the sea route is ~60 % longer than
# the straight line, a ship makes ~600 km a day, and loading, port and inland legs add 6 days.
OVERSEAS_KM = 4000.0
SEA_FACTOR = 1.6
SEA_KM_PER_DAY = 600.0
SEA_FIXED_DAYS = 6
# Crossing into the recipient country costs a day of customs and border queues.
BORDER_DAYS = 1


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class HubSite:
    """A reference hub; `capacity_weight` is its share of throughput relative to the others."""

    code: str
    place: Place
    country: str
    capacity_weight: float
    handling_days: int


REFERENCE_HUBS: tuple[HubSite, ...] = (
    HubSite("HUB-RZESZOW", Place("Rzeszów", 50.11, 22.02), "POL", 1.6, 1),
    HubSite("HUB-SUCEAVA", Place("Suceava", 47.65, 26.26), "ROU", 0.8, 1),
    # Rail hub at the gauge change near the Dorohusk crossing: transhipment takes two days.
    HubSite("HUB-CHELM", Place("Chełm", 51.14, 23.47), "POL", 1.0, 2),
)

# One or two depot cities per donor, in the donor's own country.
DEPOT_PLACES: dict[str, tuple[Place, ...]] = {
    "USA": (Place("Norfolk", 36.85, -76.29), Place("Charleston", 32.78, -79.93)),
    "CAN": (Place("Montréal", 45.50, -73.57),),
    "GBR": (Place("Southampton", 50.90, -1.40), Place("Bicester", 51.90, -1.15)),
    "DEU": (Place("Leipzig", 51.34, 12.37), Place("Mannheim", 49.49, 8.47)),
    "FRA": (Place("Lyon", 45.76, 4.84), Place("Strasbourg", 48.57, 7.75)),
    "ITA": (Place("Bologna", 44.49, 11.34),),
    "JPN": (Place("Yokohama", 35.44, 139.64),),
    "ESP": (Place("Zaragoza", 41.65, -0.88),),
    "NLD": (Place("Rotterdam", 51.92, 4.48),),
    "BEL": (Place("Antwerp", 51.22, 4.40),),
    "LUX": (Place("Luxembourg", 49.61, 6.13),),
    "POL": (Place("Warsaw", 52.23, 21.01), Place("Poznań", 52.41, 16.93)),
    "ROU": (Place("Bucharest", 44.43, 26.10),),
    "SWE": (Place("Gothenburg", 57.71, 11.97),),
    "NOR": (Place("Oslo", 59.91, 10.75),),
    "DNK": (Place("Aarhus", 56.16, 10.20),),
    "FIN": (Place("Helsinki", 60.17, 24.94),),
    "EST": (Place("Tallinn", 59.44, 24.75),),
    "LVA": (Place("Riga", 56.95, 24.11),),
    "LTU": (Place("Kaunas", 54.90, 23.89),),
    "CZE": (Place("Prague", 50.08, 14.44), Place("Ostrava", 49.82, 18.26)),
    "SVK": (Place("Košice", 48.72, 21.26),),
    "HUN": (Place("Budapest", 47.50, 19.04),),
    "AUT": (Place("Vienna", 48.21, 16.37),),
    "SVN": (Place("Ljubljana", 46.06, 14.51),),
    "HRV": (Place("Zagreb", 45.81, 15.98),),
    "BGR": (Place("Sofia", 42.70, 23.32),),
    "GRC": (Place("Thessaloniki", 40.64, 22.94),),
    "PRT": (Place("Lisbon", 38.72, -9.14),),
    "IRL": (Place("Dublin", 53.35, -6.26),),
    "CHE": (Place("Basel", 47.56, 7.59),),
    "TUR": (Place("Istanbul", 41.01, 28.98),),
    "KOR": (Place("Busan", 35.18, 129.08),),
    "AUS": (Place("Sydney", -33.87, 151.21),),
    "NZL": (Place("Auckland", -36.85, 174.76),),
}

# Delivery points in the recipient country, with how much of the demand each one draws.
DELIVERY_PLACES: tuple[tuple[Place, float], ...] = (
    (Place("Kyiv", 50.45, 30.52), 1.6),
    (Place("Lviv", 49.84, 24.03), 0.8),
    (Place("Kharkiv", 49.99, 36.23), 1.4),
    (Place("Dnipro", 48.46, 35.05), 1.5),
    (Place("Zaporizhzhia", 47.84, 35.14), 1.3),
    (Place("Odesa", 46.48, 30.73), 1.0),
    (Place("Mykolaiv", 46.98, 31.99), 0.9),
    (Place("Vinnytsia", 49.23, 28.47), 0.6),
    (Place("Poltava", 49.59, 34.55), 0.7),
    (Place("Chernihiv", 51.50, 31.29), 0.6),
)


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance by the haversine formula."""
    lat_a, lat_b = math.radians(a.latitude), math.radians(b.latitude)
    d_lat = lat_b - lat_a
    d_lon = math.radians(b.longitude - a.longitude)
    h = math.sin(d_lat / 2) ** 2 + math.cos(lat_a) * math.cos(lat_b) * math.sin(d_lon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def transit_days(a: Place, b: Place, *, border_crossing: bool = False) -> int:
    """Whole days from `a` to `b`: by road or rail in Europe, by sea from overseas.

    Never less than one day: even a short leg is loaded one day and unloaded the next.
    """
    km = distance_km(a, b)
    if km > OVERSEAS_KM:
        days = math.ceil(km * SEA_FACTOR / SEA_KM_PER_DAY) + SEA_FIXED_DAYS
    else:
        days = max(1, math.ceil(km * ROAD_FACTOR / ROAD_KM_PER_DAY + 0.25))
    return days + (BORDER_DAYS if border_crossing else 0)


def nearby(place: Place, name: str, offset_km: float, bearing_deg: float) -> Place:
    """A place `offset_km` from `place` in direction `bearing_deg` (flat-earth approximation).

    Synthetic sites sit a few tens of kilometres from a real one, where the approximation is
    well within the rounding of the coordinates themselves.
    """
    bearing = math.radians(bearing_deg)
    d_lat = offset_km * math.cos(bearing) / 111.0
    d_lon = offset_km * math.sin(bearing) / (111.0 * math.cos(math.radians(place.latitude)))
    return Place(name, round(place.latitude + d_lat, 2), round(place.longitude + d_lon, 2))

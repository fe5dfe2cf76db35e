"""A point must agree with its own row: coordinates outside the state (or far from the municipality) the row names.

Published files put Mexico City rows in New York and Puebla rows in Tlaxcala. A row that gives
coordinates and a Mexican state is checked against that state's outline; the atlas's outlines are
simplified (UCDP's own points lie up to 18 km outside their ``adm_1``), so only a point farther than
:data:`STATE_TOLERANCE_KM` from the state counts as disagreeing. A point outside its state that also
lies farther than :data:`SEAT_KM` from the seat of the municipality the row names disagrees too (there
are no municipal outlines offline: the seat is the municipality's one known point).

By default such a row is placed at the named municipality (precision "municipality") or state
(precision "state") and keeps the published coordinates in its notes; trusting coordinates keeps the
point, with a note. Either way a notice counts them. Points just outside their state (within the
tolerance) are kept and counted in a notice too: nothing outside its state is kept silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import numpy as np

from dashboard.config import GEODATA_DIR
from dashboard.imports.gazetteer import MX_ADMIN1
from dashboard.imports.places import admin1_for_gazetteer
from dashboard.imports.rejections import RowRejected

STATE_TOLERANCE_KM = 25.0  # above the 18 km the simplified outlines put UCDP's own points outside their state
SEAT_KM = 25.0  # a point outside its state this far from its municipality's seat is not in that municipality
KM_PER_DEGREE = 111.2


@cache
def state_outlines() -> dict[str, object]:
    """Mexican state name (as across geodata/) -> its outline (shapely), from geodata/boundaries/mx_states.geojson."""
    import shapely
    from shapely.geometry import shape

    try:
        with (GEODATA_DIR / "boundaries" / "mx_states.geojson").open(encoding="utf-8") as fh:
            features = json.load(fh)["features"]
    except (OSError, ValueError, KeyError):  # a geodata folder without outlines: no point is checked, none is moved
        return {}
    outlines = {f["properties"]["name"]: shape(f["geometry"]) for f in features}
    for outline in outlines.values():
        shapely.prepare(outline)
    return outlines


def state_named(admin1: str, state_code: str) -> str:
    """The Mexican state a row names ('CDMX', 'Distrito Federal', 'Puebla ', '21', 'Guanajuato state'), or ""."""
    code = state_code.strip().removesuffix(".0")
    if code.isdigit() and f"{int(code):02d}" in MX_ADMIN1:
        return MX_ADMIN1[f"{int(code):02d}"]
    text = admin1.strip()
    for suffix in (" state", " State", " (state)"):
        text = text.removesuffix(suffix)
    name = admin1_for_gazetteer(text, "MX") if text else ""
    wanted = name.casefold()
    return next((s for s in state_outlines() if s.casefold() == wanted), "")


@cache
def _widened(state: str):
    """The state's outline widened by the tolerance (in degrees of latitude), prepared for point tests."""
    import shapely

    wide = state_outlines()[state].buffer(STATE_TOLERANCE_KM / KM_PER_DEGREE)
    shapely.prepare(wide)
    return wide


@dataclass
class Disagreement:
    """Which points lie outside the state their row names: ``far`` (beyond the tolerance, or far from the
    named municipality's seat) and ``near`` (just outside: the outlines are simplified)."""

    far: np.ndarray
    near: np.ndarray


def check_agreement(states: np.ndarray, lat: np.ndarray, lon: np.ndarray, rows: np.ndarray,
                    seat_lat: np.ndarray, seat_lon: np.ndarray) -> Disagreement:
    """Compare the points of ``rows`` with their states (names from :func:`state_named`, "" for none).

    ``seat_lat``/``seat_lon``: the seat of the municipality each row names (NaN where none is known).
    Vectorised: a file of 200,000 points is two point-in-polygon tests per state.
    """
    import shapely

    outside = np.zeros(len(lat), dtype=bool)
    beyond = np.zeros(len(lat), dtype=bool)
    outlines = state_outlines()
    for state in sorted(set(states[rows].tolist()) - {""}):
        idx = np.flatnonzero(rows & (states == state))
        out = idx[~shapely.contains_xy(outlines[state], lon[idx], lat[idx])]
        outside[out] = True
        beyond[out[~shapely.contains_xy(_widened(state), lon[out], lat[out])]] = True
    mean = np.radians((lat + np.nan_to_num(seat_lat)) / 2)
    seat_km = KM_PER_DEGREE * np.hypot(lat - seat_lat, (lon - seat_lon) * np.cos(mean))
    far = outside & (beyond | (np.nan_to_num(seat_km, nan=0.0) > SEAT_KM))
    return Disagreement(far, outside & ~far)


def municipality_of(places, name: str, admin1: str, mun_code: str, state_code: str):
    """The municipality a row names, or None (unknown or ambiguous names are not an error here)."""
    if not (name or mun_code):
        return None
    try:
        return places.municipality(name, admin1, mun_code, state_code)
    except RowRejected:
        return None

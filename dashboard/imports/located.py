"""Where each record happened, for all records of a file at once.

Coordinates (a GeoJSON point, or the latitude/longitude columns) are parsed once per distinct
text and checked with numpy; only the points that look wrong go through
:func:`~dashboard.imports.places.check_coordinates` for the reason. Records without
coordinates are geocoded once per distinct place (place, state, country, municipality, INEGI
codes) in the offline gazetteer. Rows outside the atlas's area are counted (and dropped when asked).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np

from dashboard.imports.agreement import (
    STATE_TOLERANCE_KM,
    check_agreement,
    municipality_of,
    state_named,
    state_outlines,
)
from dashboard.imports.columnar import RoleTexts
from dashboard.imports.columns import Columns
from dashboard.imports.places import (
    PlaceResolver,
    _no_code,
    check_coordinates,
    country_code,
    in_atlas_area,
    in_atlas_areas,
    plausible_points,
)
from dashboard.imports.precision import location_precision
from dashboard.imports.rejections import RowRejected
from dashboard.imports.values import parse_coords

PLACE_ROLES = ("place", "admin1", "country", "iso", "municipality", "mun_code", "state_code")
WHERE_COLUMNS = ("place", "admin1", "country", "lat", "lon", "geocoded", "precision", "precision_code")


class Located:
    """Locates records (see :meth:`locate`); ``outside``: country as written (or "no country") -> rows."""

    def __init__(self, columns: Columns, geocoder: Callable | None, drop_outside: bool, trust: str = "names") -> None:
        self.trust = trust
        self.columns = columns
        self.names = columns.names
        self.places = PlaceResolver(geocoder)
        self.drop_outside = drop_outside
        self.outside: dict[str, int] = {}
        self.notices: list[str] = []
        self.row_notes: np.ndarray | None = None  # per record: a note on where it was placed ("" for none)
        self.has_coords = "lat" in columns.single or "lon" in columns.single

    def locate(self, texts: RoleTexts, points: list, verdicts) -> dict[str, np.ndarray]:
        """The columns of :data:`WHERE_COLUMNS` for every record; rejects the records that cannot be placed."""
        n = texts.n
        self.row_notes = np.full(n, "", dtype=object)
        lat, lon = np.full(n, np.nan), np.full(n, np.nan)
        has_point = np.zeros(n, dtype=bool)
        for i, point in enumerate(points):
            if point is not None:
                lat[i], lon[i] = point
                has_point[i] = True
        if self.has_coords:
            self._given_points(texts, lat, lon, has_point, verdicts)
        country = texts.per_distinct(("country", "iso"), _country)
        country_text, code = country.field(0, ""), country.field(1, None)
        place, municipality = texts.column("place"), texts.column("municipality")
        out = {"place": np.where(place != "", place, municipality), "admin1": texts.column("admin1"),
               "lat": lat, "lon": lon,
               "country": np.where(code == None, country_text, code),  # noqa: E711 (elementwise)
               "geocoded": ~has_point, "precision": np.full(n, "", dtype=object),
               "precision_code": np.full(n, "", dtype=object)}
        outside = np.full(n, None, dtype=object)  # where a row outside the area is from, as the notice names it
        at_point = has_point & verdicts.alive
        self._check_points(lat, lon, code, at_point, verdicts)
        prec = texts.per_distinct(("where_prec",), self._precision)
        out["precision"], out["precision_code"] = prec.field(0, ""), prec.field(1, "")
        if {"admin1", "state_code"} & set(self.columns.single):
            self._agree(texts, out, code, at_point & verdicts.alive)
        far = at_point & ~in_atlas_areas(code, lat, lon)
        outside[far] = np.where(country_text[far] != "", country_text[far], "no country")
        named = ~has_point & verdicts.alive
        if named.any():
            found = texts.per_distinct(PLACE_ROLES, self._named_place, rows=named)
            verdicts.reject(found)
            hit = named & ~found.failed
            for i, name in enumerate(WHERE_COLUMNS):
                out[name][hit] = found.field(i, None)[hit]
            outside[hit] = found.field(len(WHERE_COLUMNS), None)[hit]
        self._count_outside(outside, verdicts)
        return out

    def _given_points(self, texts: RoleTexts, lat: np.ndarray, lon: np.ndarray, has_point: np.ndarray,
                      verdicts) -> None:
        """Points from the coordinate columns, where the record has no point of its own.

        A row whose coordinates cannot be read (a word, one of the two missing) but that names a place is
        placed by that name, with a notice; without a place name it is rejected with the reason.
        """
        names = self.names
        lat_n, lat_problem, lat_text = _coordinates(texts, "lat", names.get("lat", "latitude"))
        lon_n, lon_problem, lon_text = _coordinates(texts, "lon", names.get("lon", "longitude"))
        todo = ~has_point
        both = todo & lat_text & lon_text
        one = todo & (lat_text ^ lon_text)
        unreadable = (both & ((lat_problem != None) | (lon_problem != None))) | one  # noqa: E711
        by_name = unreadable & self._names_a_place(texts) & verdicts.alive
        if by_name.any():
            first = int(np.argmax(by_name))
            shown = texts.text("lat", first) + ", " + texts.text("lon", first)
            self.notices.append(f"{int(by_name.sum())} row(s) with coordinates that cannot be read (e.g. {shown!r}) "
                                "placed by their place names instead")
        both &= ~by_name
        one &= ~by_name
        verdicts.reject_rows(both & (lat_problem != None), lambda i: lat_problem[i])  # noqa: E711
        verdicts.reject_rows(both & (lon_problem != None), lambda i: lon_problem[i])  # noqa: E711
        verdicts.reject_rows(one & lat_text, lambda i: RowRejected(
            f"{names.get('lon', 'longitude')} is missing (only one coordinate given)"))
        verdicts.reject_rows(one & lon_text, lambda i: RowRejected(
            f"{names.get('lat', 'latitude')} is missing (only one coordinate given)"))
        usable = both & verdicts.alive
        lat[usable], lon[usable] = lat_n[usable], lon_n[usable]
        has_point |= usable

    def _names_a_place(self, texts: RoleTexts) -> np.ndarray:
        """Which records name a place, a municipality or an INEGI municipality code."""
        named = np.zeros(texts.n, dtype=bool)
        for role in ("place", "municipality", "mun_code"):
            if role in self.columns.single:
                named |= texts.column(role) != ""
        return named

    def _check_points(self, lat: np.ndarray, lon: np.ndarray, code: np.ndarray, rows: np.ndarray,
                      verdicts) -> None:
        """Reject the points out of range or evidently swapped; numpy finds the few to look at."""
        problems = {int(i): check_coordinates(float(lat[i]), float(lon[i]), code[i])
                    for i in np.flatnonzero(rows & ~plausible_points(lat, lon, code))}
        wrong = np.zeros(len(lat), dtype=bool)
        wrong[[i for i, problem in problems.items() if problem]] = True
        verdicts.reject_rows(wrong, lambda i: RowRejected(problems[i]))

    def _agree(self, texts: RoleTexts, out: dict, code: np.ndarray, rows: np.ndarray) -> None:
        """Rows whose point lies outside the state they name: placed at the named place, or kept as asked."""
        states = texts.per_distinct(("admin1", "state_code"), state_named).field(None, "")
        rows = rows & (states != "") & ((code == "MX") | _no_code(code))
        if not rows.any():
            return
        seats = texts.per_distinct(("municipality", "admin1", "mun_code", "state_code"), self._seat, rows=rows)
        seat_lat, seat_lon = seats.field(0, np.nan), seats.field(1, np.nan)
        found = check_agreement(states, out["lat"], out["lon"], rows, seat_lat, seat_lon)
        if found.near.any():
            self.notices.append(f"{int(found.near.sum())} row(s) lie just outside the state they name (within "
                                f"{STATE_TOLERANCE_KM:.0f} km: the atlas's state outlines are simplified); kept at "
                                "their points")
        if found.far.any():
            self._place_far(found.far, states, out, seats)

    def _place_far(self, far: np.ndarray, states: np.ndarray, out: dict, seats) -> None:
        """Place each row of ``far`` at its named municipality (or state), its published point in its notes."""
        idx = np.flatnonzero(far)
        lat, lon = out["lat"], out["lon"]
        shown = "; ".join(f"{out['place'][i] or states[i]} at {lat[i]:.6g}, {lon[i]:.6g}" for i in idx[:3])
        where = states[idx].tolist()
        notes = [f"published coordinates {a:.6g}, {b:.6g} lie outside {s}; "
                 for a, b, s in zip(lat[idx].tolist(), lon[idx].tolist(), where, strict=True)]
        if self.trust == "coordinates":
            self.row_notes[idx] = [n + "kept there (--trust coordinates)" for n in notes]
            what = "kept at their points as asked (--trust coordinates)"
        else:
            code = seats.field(2, "")[idx]
            at_seat = code != ""
            centre = {s: state_outlines()[s].representative_point() for s in set(where)}
            lat[idx] = np.where(at_seat, seats.field(0, np.nan)[idx], [centre[s].y for s in where])
            lon[idx] = np.where(at_seat, seats.field(1, np.nan)[idx], [centre[s].x for s in where])
            level = np.where(at_seat, "municipality", "state").astype(object)
            out["precision"][idx] = level
            out["precision_code"][idx] = ["inegi:" + c if c else "" for c in code.tolist()]
            out["geocoded"][idx] = True
            self.row_notes[idx] = [f"{n}placed at the {lv} the row names" for n, lv in zip(notes, level, strict=True)]
            what = ("placed at the municipality or state they name, the published coordinates kept in their notes "
                    "(--trust coordinates keeps the points)")
        self.notices.append(f"{len(idx)} row(s) give coordinates outside the state they name (farther than "
                            f"{STATE_TOLERANCE_KM:.0f} km, or far from the named municipality): {what}; e.g. {shown}")

    def _seat(self, municipality: str, admin1: str, mun_code: str, state_code: str) -> tuple[float, float, str]:
        """(lat, lon, INEGI code) of the seat of the municipality a row names; NaN and "" when none is known."""
        mun = municipality_of(self.places, municipality, admin1, mun_code, state_code)
        return (mun.lat, mun.lon, mun.cvegeo) if mun is not None else (np.nan, np.nan, "")

    def _count_outside(self, outside: np.ndarray, verdicts) -> None:
        """Count, in file order, the rows still in that lie outside the area; drop them when asked."""
        far = verdicts.alive & (outside != None)  # noqa: E711
        self.outside = dict(Counter(outside[far].tolist()))
        if self.drop_outside:
            verdicts.reject_rows(far, lambda i: RowRejected(
                f"outside the atlas's area ({outside[i]}); dropped as asked"))

    def _precision(self, code: str) -> tuple[str, str]:
        return location_precision(code, self.columns.layout)

    def _named_place(self, place: str, admin1: str, country_text: str, iso: str, municipality: str, mun_code: str,
                     state_code: str) -> tuple:
        """WHERE_COLUMNS and the outside-area label (None inside) of a place or municipality geocoded."""
        country_text = country_text or iso
        code = country_code(country_text)
        country = code or country_text
        if not (place or municipality or mun_code):
            raise RowRejected("no coordinates and no place name")
        if place and not (municipality or mun_code):
            try:
                cand = self.places.resolve(place, admin1, code, country)
            except RowRejected as exc:  # a municipality's name ("Centro", "Zihuatanejo de Azueta") is no town's
                if code not in (None, "MX") or (exc.candidates and not admin1):  # towns without a state: ambiguous
                    raise
                try:
                    cand = self.places.municipality(place, admin1, "", "")
                except RowRejected:
                    raise exc from None
            else:
                far = None if in_atlas_area(cand.country, cand.lat, cand.lon) else country_text or "no country"
                return (place, admin1 or cand.admin1, country or cand.country, cand.lat, cand.lon, True, "town", "",
                        far)
        else:
            cand = self.places.municipality(municipality or place, admin1, mun_code, state_code)
        return (place or municipality or cand.name, admin1 or cand.admin1, country or "MX", cand.lat, cand.lon, True,
                "municipality", f"inegi:{cand.cvegeo}", None)


def _country(country: str, iso: str) -> tuple[str, str | None]:
    """(the country as written, its ISO code or None): the country column, else the iso column."""
    text = country or iso
    return text, country_code(text)


def _coordinates(texts: RoleTexts, role: str, column: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(number, problem or None, whether the cell has text) of a coordinate column, for every record."""
    numbers = _all_numbers(texts.raw.get(role))
    if numbers is not None:  # the usual file: every cell a finite number
        return numbers, np.full(texts.n, None, dtype=object), np.ones(texts.n, dtype=bool)
    uniques = texts.distinct_texts(role)
    numbers, problems = parse_coords(uniques, column)
    table = np.empty(len(problems), dtype=object)
    table[:] = [None if p is None else RowRejected(p) for p in problems]
    has_text = np.array([bool(u) for u in uniques], dtype=bool)
    codes = texts.code(role)
    return numbers[codes], table[codes], has_text[codes]


def _all_numbers(raw) -> np.ndarray | None:
    """The cells as numbers when every one is a finite number as written (numpy reads them as ``float``
    does, spaces around included); None otherwise, and the cells are then read one distinct text at a time."""
    if raw is None or not len(raw):
        return None
    try:
        numbers = np.array(raw, dtype=np.float64)
    except (ValueError, TypeError):
        return None
    return numbers if np.isfinite(numbers).all() else None

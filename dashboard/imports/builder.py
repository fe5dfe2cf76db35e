"""One record -> one :class:`EventRow`, or a reason why not.

:class:`RowBuilder` checks and converts a record's fields in a fixed order (date, casualties,
where, type, actors, id) and raises :class:`RowRejected` at the first problem instead of
guessing; :func:`build_rows` runs it over a file's records and keeps the rejections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from dashboard.imports.actors import CartelMatcher
from dashboard.imports.columns import Columns
from dashboard.imports.event_types import map_type
from dashboard.imports.formats import Record
from dashboard.imports.places import PlaceResolver, check_coordinates, country_code
from dashboard.imports.rejections import Rejected, RowRejected
from dashboard.imports.rows import EventRow
from dashboard.imports.values import DateProblem, ValueProblem, clean_text, parse_coord, parse_count, parse_date
from dashboard.text import slugify

Value = Callable[[str], str]  # role -> the record's cleaned text for it ("" when the file has no such column)
Where = tuple[str, str, str, float, float, bool]  # place, admin1, country, lat, lon, geocoded


class RowBuilder:
    """Turns one record (role -> text) into an :class:`EventRow` or raises :class:`RowRejected`.

    Keeps what spans rows: the ids seen (duplicates are rejected), the gazetteer lookups, and
    the event types it could not map (``untyped``: original text -> rows, for a notice).
    """

    def __init__(self, dataset: str, columns: Columns, geocoder: Callable | None, matcher: CartelMatcher) -> None:
        self.dataset = dataset
        self.columns = columns
        self.names = columns.names
        self.matcher = matcher
        self.places = PlaceResolver(geocoder)
        self.seen_ids: dict[str, int] = {}
        self.untyped: dict[str, int] = {}
        self.has_coords = "lat" in columns.single or "lon" in columns.single

    def build(self, line: int, get: Callable[[object], str], point: tuple[float, float] | None = None) -> EventRow:
        """One event from a record; ``get(key)`` returns the raw text of a column / property."""
        single = self.columns.single

        def val(role: str) -> str:
            key = single.get(role)
            if key is None:
                return ""
            text = get(key)
            return text.strip() if text.isprintable() else clean_text(text)

        date, year = self._date(val)
        killed, injured = self._casualties(val)
        place, admin1, country, lat, lon, geocoded = self._where(val, point)
        event_type, original = self._event_type(val)
        actors, cartels = self._actors(get)
        row_id = self._row_id(val("id"), line)
        notes_key = single.get("notes")
        notes = "" if notes_key is None else clean_text(get(notes_key), keep_newlines=True)
        return EventRow(row_id, date, year, event_type, original, cartels, actors, place, admin1,
                        country, float(lat), float(lon), killed, injured, val("source"), notes, geocoded, line)

    def _date(self, val: Value) -> tuple[str, int]:
        """(ISO date, year); a ``year`` column must agree with a full date."""
        names = self.names
        date_text = val("date")
        if not date_text:
            raise RowRejected(f"missing date ({names.get('date', 'date')} is empty)")
        try:
            date, year = parse_date(date_text)
        except DateProblem as exc:
            raise RowRejected(f"bad date {date_text!r}: {exc}") from None
        if "year" in self.columns.single:
            year_text = val("year")
            if year_text and year_text != str(year) and len(date) == 10:
                raise RowRejected(f"{names['date']} {date_text!r} and {names['year']} {year_text!r} disagree")
        return date, year

    def _casualties(self, val: Value) -> tuple[int | None, int | None]:
        """(killed, injured); None where the file has no such column or leaves it empty."""
        single, names = self.columns.single, self.names
        try:
            killed = parse_count(val("killed"), names.get("killed", "killed")) if "killed" in single else None
            injured = parse_count(val("injured"), names.get("injured", "injured")) if "injured" in single else None
        except ValueProblem as exc:
            raise RowRejected(str(exc)) from None
        return killed, injured

    def _where(self, val: Value, point: tuple[float, float] | None) -> Where:
        """The record's place: its coordinates checked, or else its place name geocoded."""
        place, admin1 = val("place"), val("admin1")
        country_text = val("country") or val("iso")
        code = country_code(country_text)
        country = code or country_text
        if point is None and self.has_coords:
            point = self._given_point(val)
        if point is not None:
            lat, lon = point
            problem = check_coordinates(lat, lon, code)
            if problem:
                raise RowRejected(problem)
            return place, admin1, country, lat, lon, False
        if not place:
            raise RowRejected("no coordinates and no place name")
        cand = self.places.resolve(place, admin1, code, country)
        return place, admin1 or cand.admin1, country or cand.country, cand.lat, cand.lon, True

    def _given_point(self, val: Value) -> tuple[float, float] | None:
        """(lat, lon) from the coordinate columns; None when both are empty, so the place name is geocoded."""
        names = self.names
        lat_text, lon_text = val("lat"), val("lon")
        if lat_text and lon_text:
            try:
                return parse_coord(lat_text, names["lat"]), parse_coord(lon_text, names["lon"])
            except ValueProblem as exc:
                raise RowRejected(str(exc)) from None
        if lat_text or lon_text:
            missing = names.get("lon", "longitude") if lat_text else names.get("lat", "latitude")
            raise RowRejected(f"{missing} is missing (only one coordinate given)")
        return None

    def _event_type(self, val: Value) -> tuple[str, str]:
        """(atlas type or "", type as written); unmapped types are counted for the import's notice."""
        event_type, original = map_type(val("event_type"), val("sub_event_type"), val("type"))
        if not event_type and original:
            self.untyped[original] = self.untyped.get(original, 0) + 1
        return event_type, original

    def _actors(self, get: Callable[[object], str]) -> tuple[str, tuple[str, ...]]:
        """(actor texts joined with "; ", cartel ids they name); ("other",) when actors name no known cartel."""
        matcher = self.matcher
        hits: set[str] = set()
        actor_texts = []
        for key in self.columns.actors:
            text = clean_text(get(key))
            if text:
                actor_texts.append(text)
                hits.update(matcher.match(text))
        for key in self.columns.cartels:
            text = clean_text(get(key))
            if text:
                actor_texts.append(text)
                hits.update(matcher.match_ids_or_names(text))
        if len(actor_texts) > 1:
            actor_texts = list(dict.fromkeys(actor_texts))
        actors = "; ".join(actor_texts)
        if hits:
            return actors, tuple(c for c in matcher.ids if c in hits)
        return actors, ("other",) if actor_texts else ()  # actors, but none a known cartel: "other"

    def _row_id(self, raw_id: str, line: int) -> str:
        """The row's id: the file's own (as a slug), else ``<dataset>-<line>``; duplicates are rejected."""
        row_id = (raw_id.lower() if raw_id.isascii() and raw_id.isalnum() else slugify(raw_id)) if raw_id \
            else f"{self.dataset}-{line}"
        if not row_id:
            raise RowRejected(f"{self.names.get('id', 'id')} {raw_id!r} has no letters or digits")
        first = self.seen_ids.get(row_id)
        if first is not None:
            raise RowRejected(f"duplicate id {row_id!r} (first on {first})")
        self.seen_ids[row_id] = line
        return row_id


def build_rows(builder: RowBuilder, records: Iterable[Record | Rejected]) -> tuple[list[EventRow], list[Rejected]]:
    """Rows from the records that make one, and why the others do not (with their raw values)."""
    rows: list[EventRow] = []
    rejected: list[Rejected] = []
    build = builder.build
    for record in records:
        if isinstance(record, Rejected):  # the reader could not use it (wrong field count, not a point ...)
            rejected.append(record)
            continue
        try:
            rows.append(build(record.line, record.get, record.point))
        except RowRejected as exc:
            rejected.append(Rejected(record.line, exc.reason, record.values(), exc.candidates))
    return rows, rejected

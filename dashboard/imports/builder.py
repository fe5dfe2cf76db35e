"""One record -> one :class:`EventRow`, or a reason why not.

:class:`RowBuilder` checks and converts a record's fields in a fixed order (date, casualties,
where, type, actors, id) and raises :class:`RowRejected` at the first problem instead of
guessing; :func:`build_rows` runs it over a file's records and keeps the rejections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from dashboard.imports.actors import CartelMatcher
from dashboard.imports.columns import Columns
from dashboard.imports.event_types import map_type
from dashboard.imports.formats import Record
from dashboard.imports.places import PlaceResolver, check_coordinates, country_code, in_atlas_area
from dashboard.imports.precision import date_precision, location_precision
from dashboard.imports.register import Attribution, Register, default_register
from dashboard.imports.rejections import Rejected, RowRejected
from dashboard.imports.rows import EventRow
from dashboard.imports.values import DateProblem, ValueProblem, clean_text, parse_coord, parse_count, parse_date
from dashboard.text import slugify

Value = Callable[[str], str]  # role -> the record's cleaned text for it ("" when the file has no such column)
# place, admin1, country, lat, lon, geocoded, precision level, precision code
Where = tuple[str, str, str, float, float, bool, str, str]


class RowBuilder:
    """Turns one record (role -> text) into an :class:`EventRow` or raises :class:`RowRejected`.

    Keeps what spans rows: the ids seen (a file whose id column repeats is numbered instead, see
    :meth:`finish`), the gazetteer lookups, the event types it could not map (``untyped``: original
    text -> rows, for a notice) and the rows outside the atlas's area (``outside``).
    """

    def __init__(self, dataset: str, columns: Columns, geocoder: Callable | None, matcher: CartelMatcher,
                 register: Register | None = None, drop_outside: bool = False) -> None:
        self.dataset = dataset
        self.columns = columns
        self.names = columns.names
        self.matcher = matcher
        self.register = register or default_register()
        self.places = PlaceResolver(geocoder)
        self.seen_ids: dict[str, int] = {}
        self.repeated_id: tuple[str, int, int] | None = None  # (id, first line, second line)
        self.untyped: dict[str, int] = {}
        self._attributions: dict[tuple, tuple[str, Attribution]] = {}
        self.outside: dict[str, int] = {}  # country (or "no country") -> rows outside the atlas's area
        self.drop_outside = drop_outside
        self.has_coords = "lat" in columns.single or "lon" in columns.single
        self.layout = columns.layout

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
        date_end = self._date_end(val, date)
        killed, injured, low, high = self._casualties(val)
        place, admin1, country, lat, lon, geocoded, precision, code = self._where(val, point)
        event_type, original = self._event_type(val)
        actors, attribution = self._actors(get, year)
        row_id = self._row_id(val("id"), line)
        notes_key = single.get("notes")
        notes = "" if notes_key is None else clean_text(get(notes_key), keep_newlines=True)
        return EventRow(row_id, date, year, event_type, original, attribution.cartels, actors, place, admin1,
                        country, float(lat), float(lon), killed, injured, val("source"), notes, geocoded, line,
                        date_end, date_precision(val("date_prec"), self.layout), precision, code, low, high,
                        ";".join(attribution.organisations), ";".join(attribution.names))

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

    def _date_end(self, val: Value, date: str) -> str:
        """The last day of a date range ("" for a single day); it may not come before the first."""
        text = val("date_end")
        if not text:
            return ""
        try:
            end, _ = parse_date(text)
        except DateProblem as exc:
            raise RowRejected(f"bad {self.names['date_end']} {text!r}: {exc}") from None
        if end < date:
            raise RowRejected(f"{self.names['date_end']} {text!r} is before {self.names['date']}")
        return "" if end == date else end

    def _casualties(self, val: Value) -> tuple[int | None, ...]:
        """(killed, injured, killed low, killed high); None where the file has no such column or leaves it empty."""
        single, names = self.columns.single, self.names
        try:
            return tuple(parse_count(val(role), names[role]) if role in single else None
                         for role in ("killed", "injured", "killed_low", "killed_high"))
        except ValueProblem as exc:
            raise RowRejected(str(exc)) from None

    def _where(self, val: Value, point: tuple[float, float] | None) -> Where:
        """The record's place: its coordinates checked, or else its place or municipality geocoded."""
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
            self._check_area(code, country_text, lat, lon)
            level, level_code = location_precision(val("where_prec"), self.layout)
            return place or val("municipality"), admin1, country, lat, lon, False, level, level_code
        municipality, mun_code = val("municipality"), val("mun_code")
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
                self._check_area(cand.country, country_text, cand.lat, cand.lon)
                return place, admin1 or cand.admin1, country or cand.country, cand.lat, cand.lon, True, "town", ""
        else:
            cand = self.places.municipality(municipality or place, admin1, mun_code, val("state_code"))
        return (place or municipality or cand.name, admin1 or cand.admin1, country or "MX", cand.lat, cand.lon, True,
                "municipality", f"inegi:{cand.cvegeo}")

    def _check_area(self, code: str | None, country_text: str, lat: float, lon: float) -> None:
        """Count (or, when asked, refuse) a row outside Mexico, the US and the stories' places."""
        if in_atlas_area(code, lat, lon):
            return
        where = country_text or "no country"
        self.outside[where] = self.outside.get(where, 0) + 1
        if self.drop_outside:
            raise RowRejected(f"outside the atlas's area ({where}); dropped as asked")

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

    def _actors(self, get: Callable[[object], str], year: int) -> tuple[str, Attribution]:
        """(actor texts joined with "; ", what they name in ``year``); cartels ("other",) when no map cartel."""
        texts = [t for t in (clean_text(get(key)) for key in self.columns.actors) if t]
        cartel_texts = [t for t in (clean_text(get(key)) for key in self.columns.cartels) if t]
        key = (tuple(texts), tuple(cartel_texts), year)  # files repeat the same actors again and again
        found = self._attributions.get(key)
        if found is None:
            found = self._attributions[key] = self._attribute(texts, cartel_texts, year)
        return found

    def _attribute(self, texts: list[str], cartel_texts: list[str], year: int) -> tuple[str, Attribution]:
        matcher = self.matcher
        actor_texts = list(dict.fromkeys(texts + cartel_texts))
        found = self.register.attribute(texts, year, matcher.ids)
        hits = set(found.cartels)
        for text in cartel_texts:  # a cartel column may hold the atlas's ids ("cjng; sinaloa")
            hits.update(matcher.match_ids_or_names(text))
            named = self.register.attribute([text], year, matcher.ids)
            hits.update(named.cartels)
            found = Attribution((), found.organisations + named.organisations, found.names + named.names)
        cartels = tuple(c for c in matcher.ids if c in hits) + tuple(sorted(hits - set(matcher.ids)))
        if not cartels and actor_texts:
            cartels = ("other",)  # actors, but none a map cartel: "other" (their names stay in actor_names)
        orgs = tuple(dict.fromkeys(found.organisations))
        return "; ".join(actor_texts), Attribution(cartels, orgs, tuple(dict.fromkeys(found.names)))

    def _row_id(self, raw_id: str, line: int) -> str:
        """The row's id: the file's own (as a slug), else ``<dataset>-<line>``; see :meth:`finish` for repeats."""
        row_id = (raw_id.lower() if raw_id.isascii() and raw_id.isalnum() else slugify(raw_id)) if raw_id \
            else f"{self.dataset}-{line}"
        if not row_id:
            raise RowRejected(f"{self.names.get('id', 'id')} {raw_id!r} has no letters or digits")
        first = self.seen_ids.setdefault(row_id, line)
        if first != line and self.repeated_id is None:
            self.repeated_id = (row_id, first, line)
        return row_id

    def finish(self, rows: list[EventRow]) -> tuple[list[EventRow], list[str]]:
        """The rows numbered ``<dataset>-<line>`` when the id column repeats a value (it is not an id), and why."""
        if self.repeated_id is None:
            return rows, []
        rid, first, again = self.repeated_id
        column = self.names.get("id", "id")
        note = (f"column {column!r} is not unique ({rid!r} on lines {first} and {again}), so it is not used as an "
                f"id: rows are numbered by line instead")
        return [replace(r, id=f"{self.dataset}-{r.line}") for r in rows], [note]


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
